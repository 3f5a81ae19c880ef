//! The command line as clap sees it: definitions only, no logic. Values are checked and
//! turned into decisions in `context` and the commands.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "grab",
    version,
    about = "Search trains and grab tickets through the Juhe 火车票抢票 API",
    after_help = "Exit codes: 0 done, 1 internal error, 2 invalid input (nothing sent), \
                  3 the API refused, 4 transport or bad response, 5 configuration, \
                  6 watch: the order ended without tickets.\n\
                  Try it without a key: grab --sandbox search 苏州 昆山 tomorrow"
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Config file [default: ~/.config/grab/config.toml]
    #[arg(long, global = true, env = "GRAB_CONFIG", value_name = "PATH")]
    pub config: Option<PathBuf>,

    /// API base URL [default: https://v.juhe.cn/grabTicket/action]
    #[arg(long, global = true, env = "GRAB_ENDPOINT", value_name = "URL")]
    pub endpoint: Option<String>,

    /// Run against a local simulated Juhe server started for this command (no key needed)
    #[arg(
        long,
        global = true,
        env = "GRAB_SANDBOX",
        action = clap::ArgAction::SetTrue,
        value_parser = clap::builder::BoolishValueParser::new()
    )]
    pub sandbox: bool,

    /// Print one JSON document instead of a table
    #[arg(long, global = true)]
    pub json: bool,

    /// Log every request and response to stderr (secrets masked)
    #[arg(short, long, global = true, conflicts_with = "quiet")]
    pub verbose: bool,

    /// Print nothing on stderr but errors
    #[arg(short, long, global = true)]
    pub quiet: bool,

    /// Answer yes to every confirmation
    #[arg(short = 'y', long, global = true)]
    pub yes: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Trains between two stations on a date, with seats left and prices
    Search(SearchArgs),
    /// The vendor's code tables (seat classes, order states, message codes, …)
    Dict(DictArgs),
    /// Serve the simulated Juhe API on a local address
    Sandbox(SandboxArgs),
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Departure station or city, in Chinese or pinyin (上海西, shanghaixi)
    pub from: String,
    /// Arrival station or city, in Chinese or pinyin
    pub to: String,
    /// Travel date: 20261230, 2026-12-30, today, tomorrow or +N days (China time)
    pub date: String,

    /// Only these train letters, comma-separated (G,D)
    #[arg(long = "type", value_name = "LETTERS", value_delimiter = ',')]
    pub train_types: Vec<String>,

    /// Only trains leaving at or after HH:MM
    #[arg(long, value_name = "HH:MM")]
    pub depart_after: Option<String>,

    /// Only trains leaving at or before HH:MM
    #[arg(long, value_name = "HH:MM")]
    pub depart_before: Option<String>,

    /// Only trains with one of these seat classes bookable (secondseat,firstseat); see `grab dict seat-class`
    #[arg(long = "seat", value_name = "CODE", value_delimiter = ',')]
    pub seats: Vec<String>,

    /// Order of the trains
    #[arg(long, value_enum, default_value_t = SortKey::Depart)]
    pub sort: SortKey,

    /// Ask for student fares
    #[arg(long)]
    pub student: bool,

    /// Send FROM and TO as typed, for stations newer than grab's list
    #[arg(long)]
    pub as_typed: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SortKey {
    Depart,
    Arrive,
    Duration,
    Price,
}

#[derive(Debug, Args)]
pub struct DictArgs {
    /// One section: seat-class, seat, train-class, order-status, ticket-state, msg-code,
    /// id-type, passenger-type, refund-type, tips
    pub section: Option<String>,

    /// Use the built-in copy of the reference's dictionary instead of asking the API
    #[arg(long)]
    pub offline: bool,
}

#[derive(Debug, Args)]
pub struct SandboxArgs {
    /// Address to listen on
    #[arg(long, default_value = "127.0.0.1:8765")]
    pub addr: String,

    /// SQLite file for the sandbox's state [default: sandbox.sqlite in grab's data dir]
    #[arg(long, value_name = "PATH")]
    pub state: Option<PathBuf>,

    /// Append one JSON line per request received to this file (secrets masked)
    #[arg(long, value_name = "PATH")]
    pub request_log: Option<PathBuf>,
}
