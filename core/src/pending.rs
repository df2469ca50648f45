//! The requests the app has sent to its import/export worker and still waits for: how long
//! each may take, what a message from the worker means for them, and how each one ends when it
//! gets no answer. The shell (`src/platform/worker.rs`) keeps one [`Pending`] per worker and
//! only carries out what it says; the rules live here so that they run on the host.
//!
//! The invariant: every request ends exactly once, with its answer or with an [`Ended`]
//! sentence, and never waits past its deadline. The worker runs one job at a time on one thread
//! and cannot be interrupted, so a request that is cancelled or overdue ends the worker itself,
//! and every other request waiting on it ends too (the next one starts a fresh worker).
//!
//! Times are milliseconds on one clock the caller chooses (the page's `Date.now()`); sizes are
//! bytes.

use crate::prose::plural;
use std::collections::BTreeMap;
use std::fmt;

/// How long the worker may take to load and say it listens (its wasm is the larger of the two).
pub const START_MS: u64 = 30_000;

/// What a job may take whatever its size: the worker reads or writes a small file in well under
/// a second, so this is slack for a slow machine, not an estimate.
pub const BASE_MS: u64 = 20_000;

/// What a job may take per mebibyte of input, on top of [`BASE_MS`]: the slowest readers
/// (spaCy's DocBin, HTML) take well under 0.2 s per MiB on this project's machines.
pub const PER_MIB_MS: u64 = 2_000;

/// What a request asks the worker to do; it says whom a cancel concerns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Job {
    /// Read a file the user imports.
    Import,
    /// Write a file the user downloads.
    Export,
    /// Find what a format would leave out (the export dialog asks on its own).
    Preview,
    /// Make an article of pasted text (normalising it needs tables the app does not carry).
    Paste,
    /// Find a regular expression in a document's text (`regex-lite` is the worker's).
    Search,
}

/// How long a job with `bytes` of input may take once the worker has it, in ms.
pub fn allowed_ms(bytes: u64) -> u64 {
    let mib = bytes.div_ceil(1 << 20);
    BASE_MS.saturating_add(mib.saturating_mul(PER_MIB_MS))
}

/// A message from the worker as the app's reader sorted it (`postil_wire::to_app::receive`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Heard {
    /// The worker is listening.
    Ready,
    /// An answer to the request with this number.
    Answer(u32),
    /// An answer to the request with this number that does not read as one (its JSON is not a
    /// `jobs::Answer`).
    BadAnswer(u32),
    /// Anything else: not a message Postil's worker sends.
    Unreadable,
}

/// Why a request ended without its answer: [`fmt::Display`] is the sentence the user reads
/// (after "“a.txt” was not imported: ", say).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ended {
    /// The user cancelled it.
    Cancelled,
    /// It waited past its deadline of this many ms.
    TimedOut { ms: u64 },
    /// The worker was stopped for another request (cancelled or overdue) while this one waited.
    Stopped,
    /// The worker broke the rules of the conversation (said what).
    Broken(String),
    /// The worker could not start, or failed (the browser's words).
    Failed(String),
}

impl fmt::Display for Ended {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Ended::Cancelled => write!(f, "it was cancelled"),
            Ended::TimedOut { ms } => {
                let secs = ms.div_ceil(1000);
                write!(
                    f,
                    "the import/export worker gave no answer within {secs} second{}, so Postil stopped it",
                    plural(secs as usize)
                )
            }
            Ended::Stopped => write!(
                f,
                "the import/export worker was stopped (another job was cancelled or took too long); try again"
            ),
            Ended::Broken(why) => write!(f, "the import/export worker {why}, so Postil stopped it"),
            Ended::Failed(why) => write!(f, "{why}"),
        }
    }
}

/// What the shell does with a message from the worker.
#[derive(Debug, PartialEq, Eq)]
pub enum Verdict<W> {
    /// The worker listens: send what waited for it.
    Ready,
    /// The answer to a waiting request: hand it the message.
    Answer(W),
    /// An answer to a request that already ended (cancelled, overdue): drop it.
    Late,
    /// The worker is not speaking Postil's protocol: end it; these requests end with the reason.
    Stop(Vec<(W, Ended)>),
}

struct Request<W> {
    job: Job,
    waiter: W,
    /// When it gives up, once sent; before that (while the worker loads), [`START_MS`] after
    /// it was made.
    deadline: u64,
    bytes: u64,
    sent: bool,
}

/// The requests waiting on one worker, each with a waiter `W` (the shell's promise functions;
/// a `String` in tests), numbered from 1.
pub struct Pending<W> {
    waiting: BTreeMap<u32, Request<W>>,
    /// The last number given out: an answer numbered above it answers nothing ever asked.
    last: u32,
    ready: bool,
}

impl<W> Default for Pending<W> {
    fn default() -> Self {
        Pending {
            waiting: BTreeMap::new(),
            last: 0,
            ready: false,
        }
    }
}

impl<W> Pending<W> {
    /// A new request of `bytes` of input, made at `now`: its number. It waits until the worker
    /// is ready (by [`START_MS`]), then [`Pending::sent`] starts its own clock.
    pub fn add(&mut self, job: Job, bytes: u64, now: u64, waiter: W) -> u32 {
        self.last = self.last.wrapping_add(1).max(1);
        let deadline = now.saturating_add(if self.ready {
            allowed_ms(bytes)
        } else {
            START_MS + allowed_ms(bytes)
        });
        self.waiting.insert(
            self.last,
            Request {
                job,
                waiter,
                deadline,
                bytes,
                sent: false,
            },
        );
        self.last
    }

    /// Request `id` was handed to the worker at `now`: from here it has [`allowed_ms`]. False
    /// when it already ended (cancelled while the worker loaded): then it must not be sent.
    pub fn sent(&mut self, id: u32, now: u64) -> bool {
        match self.waiting.get_mut(&id) {
            Some(r) => {
                r.sent = true;
                r.deadline = now.saturating_add(allowed_ms(r.bytes));
                true
            }
            None => false,
        }
    }

    /// Ends request `id` without a word to the worker (it could not be handed over): its
    /// waiter, if it still waited.
    pub fn remove(&mut self, id: u32) -> Option<W> {
        self.waiting.remove(&id).map(|r| r.waiter)
    }

    /// The earliest deadline of a waiting request: when the shell must next call [`Pending::due`].
    pub fn next_deadline(&self) -> Option<u64> {
        self.waiting.values().map(|r| r.deadline).min()
    }

    /// How many requests wait.
    pub fn len(&self) -> usize {
        self.waiting.len()
    }

    /// Whether none waits.
    pub fn is_empty(&self) -> bool {
        self.waiting.is_empty()
    }

    /// What a message from the worker means.
    pub fn heard(&mut self, message: Heard) -> Verdict<W> {
        match message {
            Heard::Ready if !self.ready => {
                self.ready = true;
                Verdict::Ready
            }
            Heard::Ready => self.stop("said it was ready twice".into()),
            Heard::Answer(id) => match self.waiting.remove(&id) {
                Some(r) if r.sent => Verdict::Answer(r.waiter),
                Some(r) => {
                    // Put back, then end everything: an answer to a request never sent.
                    self.waiting.insert(id, r);
                    self.stop(format!("answered request {id} before it was sent"))
                }
                None if id != 0 && id <= self.last => Verdict::Late,
                None => self.stop(format!("answered request {id}, which was never sent")),
            },
            Heard::BadAnswer(id) => match self.waiting.get(&id) {
                Some(_) => self.stop(format!(
                    "answered request {id} in a way Postil does not read"
                )),
                None if id != 0 && id <= self.last => Verdict::Late,
                None => self.stop(format!("answered request {id}, which was never sent")),
            },
            Heard::Unreadable => self.stop("sent a message Postil does not read".into()),
        }
    }

    /// Every request past its deadline at `now` ends (timed out), and if any did, so does every
    /// other one (stopped with the worker). Empty when none is overdue: then the worker stays.
    pub fn due(&mut self, now: u64) -> Vec<(W, Ended)> {
        if !self.waiting.values().any(|r| r.deadline <= now) {
            return Vec::new();
        }
        self.end_all(|r| {
            (r.deadline <= now).then(|| Ended::TimedOut {
                ms: if r.sent {
                    allowed_ms(r.bytes)
                } else {
                    START_MS + allowed_ms(r.bytes)
                },
            })
        })
    }

    /// The user cancelled every request of `job`: they end (cancelled), and if any did, so do
    /// the others (stopped with the worker). Empty when none of `job` waits: the worker stays.
    pub fn cancel(&mut self, job: Job) -> Vec<(W, Ended)> {
        if !self.waiting.values().any(|r| r.job == job) {
            return Vec::new();
        }
        self.end_all(|r| (r.job == job).then_some(Ended::Cancelled))
    }

    /// The worker failed (`why`, in the browser's words): every request ends with it.
    pub fn fail(&mut self, why: &str) -> Vec<(W, Ended)> {
        self.end_all(|_| Some(Ended::Failed(why.to_owned())))
    }

    fn stop(&mut self, why: String) -> Verdict<W> {
        Verdict::Stop(self.end_all(|_| Some(Ended::Broken(why.clone()))))
    }

    /// Ends every request: with what `why` says, or else as stopped with the worker.
    fn end_all(&mut self, why: impl Fn(&Request<W>) -> Option<Ended>) -> Vec<(W, Ended)> {
        std::mem::take(&mut self.waiting)
            .into_values()
            .map(|r| {
                let ended = why(&r).unwrap_or(Ended::Stopped);
                (r.waiter, ended)
            })
            .collect()
    }
}
