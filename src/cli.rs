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
#[command(next_help_heading = "Global options")]
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
    /// Create a grab order: Juhe keeps trying for tickets until the close time
    Grab(GrabArgs),
    /// One order in detail, or every order in the journal
    Status(StatusArgs),
    /// Follow an order until it ends (exit 0 issued, 6 ended without tickets)
    Watch(WatchArgs),
    /// Stop a grab order that has no ticket yet (it cannot be restarted)
    Cancel(CancelArgs),
    /// Refund issued tickets, one request per ticket
    Refund(RefundArgs),
    /// Register where Juhe pushes results, and receive the pushes
    #[command(subcommand)]
    Callback(CallbackCommand),
    /// Serve the simulated Juhe API on a local address
    Sandbox(SandboxArgs),
}

#[derive(Debug, Subcommand)]
pub enum CallbackCommand {
    /// Register a URL for one kind of push (addCallbackUrl)
    Set(CallbackSetArgs),
    /// Receive pushes: record each in the journal, print it, optionally run a command
    Listen(ListenArgs),
}

#[derive(Debug, Args)]
pub struct CallbackSetArgs {
    /// Where Juhe should POST the pushes: an absolute http or https URL
    pub url: String,

    /// Which pushes: issue (issue results, success and failure), refund, expire (grab expiry)
    #[arg(long = "type", value_enum)]
    pub push_type: PushType,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PushType {
    Issue,
    Refund,
    Expire,
}

#[derive(Debug, Args)]
pub struct ListenArgs {
    /// Address to listen on; anything but loopback draws a warning
    #[arg(long, default_value = "127.0.0.1:9000")]
    pub addr: String,

    /// Path that receives pushes
    #[arg(long, default_value = "/grab/push")]
    pub path: String,

    /// A secret path segment appended to --path, so the URL cannot be guessed
    #[arg(long, value_name = "SECRET")]
    pub token: Option<String>,

    /// Run this shell command for each push, with the push's JSON on its stdin
    #[arg(long, value_name = "CMD")]
    pub exec: Option<String>,
}

#[derive(Debug, Args)]
pub struct GrabArgs {
    /// Departure station or city, in Chinese or pinyin
    pub from: String,
    /// Arrival station or city, in Chinese or pinyin
    pub to: String,
    /// Travel date: 20261230, 2026-12-30, today, tomorrow or +N days (China time)
    pub date: String,

    /// Trains to grab, comma-separated (G7066,G7068)
    #[arg(
        long = "train",
        value_name = "NO",
        value_delimiter = ',',
        required = true
    )]
    pub trains: Vec<String>,

    /// Seat classes to grab, comma-separated (secondseat,firstseat)
    #[arg(
        long = "seat",
        value_name = "CODE",
        value_delimiter = ',',
        required = true
    )]
    pub seats: Vec<String>,

    /// Passenger profile names from the config; repeat for several (at most 5)
    #[arg(short = 'p', long = "passenger", value_name = "NAME")]
    pub passengers: Vec<String>,

    /// The preferred train when several are given [default: the first]
    #[arg(long, value_name = "NO")]
    pub main_train: Option<String>,

    /// The preferred seat class when several are given [default: the first]
    #[arg(long, value_name = "CODE")]
    pub main_seat: Option<String>,

    /// Stop grabbing at this China time, "YYYY-MM-DD HH:MM" [default: from the config]
    #[arg(long, value_name = "TIME")]
    pub until: Option<String>,

    /// Accept a ticket without a seat (无座)
    #[arg(long, overrides_with = "no_accept_no_seat")]
    pub accept_no_seat: bool,

    /// Refuse tickets without a seat, whatever the config's `accept_no_seat` says
    #[arg(long, overrides_with = "accept_no_seat")]
    pub no_accept_no_seat: bool,

    /// Your order number (outOrderNo), 6-32 letters and digits [default: generated]
    #[arg(long, value_name = "NO")]
    pub order_no: Option<String>,

    /// Buy with this 12306 account from the config (self-purchase mode)
    #[arg(long, value_name = "NAME")]
    pub account: Option<String>,

    /// Search and check everything, print the request (secrets masked), submit nothing
    #[arg(long)]
    pub dry_run: bool,

    /// Send FROM and TO as typed, for stations newer than grab's list
    #[arg(long)]
    pub as_typed: bool,
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    /// The order number (outOrderNo); without it, every order in the journal
    pub order: Option<String>,

    /// Show the issued tickets (coach, seat, ticket number, passengerId for refunds)
    #[arg(long)]
    pub issued: bool,

    /// With no ORDER: ask the API about every order that has not ended
    #[arg(long)]
    pub refresh: bool,
}

#[derive(Debug, Args)]
pub struct WatchArgs {
    /// The order number (outOrderNo)
    pub order: String,

    /// Time between checks: 10s, 1m, 500ms (at least 200ms)
    #[arg(long, default_value = "10s", value_name = "DURATION")]
    pub interval: String,
}

#[derive(Debug, Args)]
pub struct CancelArgs {
    /// The order number (outOrderNo)
    pub order: String,
}

#[derive(Debug, Args)]
pub struct RefundArgs {
    /// The order number (outOrderNo)
    pub order: String,

    /// The passenger whose ticket to refund: a name or a passengerId
    #[arg(
        short = 'p',
        long = "passenger",
        value_name = "NAME|ID",
        required_unless_present = "all",
        conflicts_with = "all"
    )]
    pub passenger: Option<String>,

    /// Refund every issued ticket of the order, children's first
    #[arg(long)]
    pub all: bool,
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

    /// Simulated seconds per real second for new orders (600: an order ends in ~3 s)
    #[arg(long, default_value_t = crate::sandbox::DEFAULT_TIME_SCALE, value_parser = clap::value_parser!(u32).range(1..))]
    pub time_scale: u32,

    /// Fault switch: create every submitted order, then drop the connection unanswered
    #[arg(long)]
    pub drop_submits: bool,
}
