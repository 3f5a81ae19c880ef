fn main() -> std::process::ExitCode {
    grab::run().into()
}
