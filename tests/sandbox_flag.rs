//! `--sandbox`: one command on a fresh machine, no key, no config.

mod common;

use common::{TestEnv, stderr_of, stdout_of};

#[test]
fn sandbox_flag_searches_without_a_key() {
    let env = TestEnv::new();
    let output = env
        .bare_grab()
        .args(["--sandbox", "search", "苏州", "昆山", "tomorrow"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    assert!(stdout_of(&output).lines().count() > 1);
    assert!(
        env.data_dir().join("sandbox.sqlite").exists(),
        "sandbox state lives in the data dir"
    );
}

#[test]
fn the_sandbox_environment_variable_does_the_same() {
    let env = TestEnv::new();
    let output = env
        .bare_grab()
        .env("GRAB_SANDBOX", "1")
        .args(["--json", "dict", "tips"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    assert!(stdout_of(&output).contains("抢票单目前最多支持五名乘客"));
}
