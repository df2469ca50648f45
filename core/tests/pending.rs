//! The rules for requests waiting on the import/export worker (`core::pending`): deadlines, what
//! each message means, cancel and timeout. Every request ends exactly once.

use postil_core::pending::{
    allowed_ms, Ended, Heard, Job, Pending, Verdict, BASE_MS, PER_MIB_MS, START_MS,
};

const MIB: u64 = 1 << 20;

#[test]
fn a_job_may_take_longer_the_more_it_reads() {
    let cases: &[(u64, u64)] = &[
        (0, BASE_MS),
        (1, BASE_MS + PER_MIB_MS),
        (MIB, BASE_MS + PER_MIB_MS),
        (MIB + 1, BASE_MS + 2 * PER_MIB_MS),
        (50 * MIB, BASE_MS + 50 * PER_MIB_MS),
        // The largest size does not overflow.
        (u64::MAX, BASE_MS + (u64::MAX / MIB + 1) * PER_MIB_MS),
    ];
    for &(bytes, want) in cases {
        assert_eq!(allowed_ms(bytes), want, "{bytes} bytes");
    }
}

/// A worker that is ready, with requests "a" (import, 0 bytes) and "b" (preview) sent at 1,000.
fn two_sent() -> (Pending<&'static str>, u32, u32) {
    let mut p = Pending::default();
    assert_eq!(p.heard(Heard::Ready), Verdict::Ready);
    let a = p.add(Job::Import, 0, 1_000, "a");
    let b = p.add(Job::Preview, 0, 1_000, "b");
    assert!(p.sent(a, 1_000) && p.sent(b, 1_000));
    (p, a, b)
}

fn sorted(mut v: Vec<(&'static str, Ended)>) -> Vec<(&'static str, Ended)> {
    v.sort_by_key(|(w, _)| *w);
    v
}

#[test]
fn what_each_message_means() {
    let broken = |why: &str| Ended::Broken(why.to_owned());
    // (message, the verdict, how many still wait)
    let cases: Vec<(Heard, Verdict<&str>, usize)> = vec![
        (Heard::Answer(1), Verdict::Answer("a"), 1),
        (Heard::Answer(2), Verdict::Answer("b"), 1),
        (
            Heard::Answer(3),
            Verdict::Stop(vec![
                ("a", broken("answered request 3, which was never sent")),
                ("b", broken("answered request 3, which was never sent")),
            ]),
            0,
        ),
        (
            Heard::Answer(0),
            Verdict::Stop(vec![
                ("a", broken("answered request 0, which was never sent")),
                ("b", broken("answered request 0, which was never sent")),
            ]),
            0,
        ),
        (
            Heard::BadAnswer(1),
            Verdict::Stop(vec![
                (
                    "a",
                    broken("answered request 1 in a way Postil does not read"),
                ),
                (
                    "b",
                    broken("answered request 1 in a way Postil does not read"),
                ),
            ]),
            0,
        ),
        (
            Heard::BadAnswer(7),
            Verdict::Stop(vec![
                ("a", broken("answered request 7, which was never sent")),
                ("b", broken("answered request 7, which was never sent")),
            ]),
            0,
        ),
        (
            Heard::Unreadable,
            Verdict::Stop(vec![
                ("a", broken("sent a message Postil does not read")),
                ("b", broken("sent a message Postil does not read")),
            ]),
            0,
        ),
        (
            Heard::Ready,
            Verdict::Stop(vec![
                ("a", broken("said it was ready twice")),
                ("b", broken("said it was ready twice")),
            ]),
            0,
        ),
    ];
    for (message, want, left) in cases {
        let (mut p, _, _) = two_sent();
        assert_eq!(p.heard(message), want, "{message:?}");
        assert_eq!(p.len(), left, "{message:?}");
    }
}

#[test]
fn an_answer_to_a_request_that_already_ended_is_dropped() {
    let (mut p, a, b) = two_sent();
    assert_eq!(p.heard(Heard::Answer(a)), Verdict::Answer("a"));
    // The same answer again (readable or not), and then b's as usual.
    assert_eq!(p.heard(Heard::Answer(a)), Verdict::Late);
    assert_eq!(p.heard(Heard::BadAnswer(a)), Verdict::Late);
    assert_eq!(p.heard(Heard::Answer(b)), Verdict::Answer("b"));
    assert!(p.is_empty());
}

#[test]
fn an_answer_before_the_request_was_sent_stops_the_worker() {
    let mut p = Pending::default();
    p.heard(Heard::Ready);
    let a = p.add(Job::Export, 10, 0, "a");
    match p.heard(Heard::Answer(a)) {
        Verdict::Stop(ended) => assert_eq!(
            ended,
            vec![(
                "a",
                Ended::Broken(format!("answered request {a} before it was sent"))
            )]
        ),
        other => panic!("{other:?}"),
    }
}

#[test]
fn cancel_ends_its_own_job_and_stops_the_others() {
    let cases: &[(Job, &[(&str, Ended)])] = &[
        (
            Job::Import,
            &[("a", Ended::Cancelled), ("b", Ended::Stopped)],
        ),
        (
            Job::Preview,
            &[("a", Ended::Stopped), ("b", Ended::Cancelled)],
        ),
        // Nothing of that job waits: nothing ends, the worker stays.
        (Job::Export, &[]),
    ];
    for (job, want) in cases {
        let (mut p, _, _) = two_sent();
        assert_eq!(sorted(p.cancel(*job)), want.to_vec(), "{job:?}");
        assert_eq!(p.len(), if want.is_empty() { 2 } else { 0 });
    }
}

#[test]
fn deadlines_count_from_sending_and_include_the_start_before_it() {
    let mut p = Pending::default();
    // Made while the worker loads: start time and job time.
    let a = p.add(Job::Import, 3 * MIB, 500, "a");
    let loading = 500 + START_MS + allowed_ms(3 * MIB);
    assert_eq!(p.next_deadline(), Some(loading));
    assert!(p.due(loading - 1).is_empty());
    // Ready and sent at 10,000: the job's own time from there.
    p.heard(Heard::Ready);
    assert!(p.sent(a, 10_000));
    let deadline = 10_000 + allowed_ms(3 * MIB);
    assert_eq!(p.next_deadline(), Some(deadline));
    // Made once ready: its own time only.
    let b = p.add(Job::Preview, 0, 20_000, "b");
    assert_eq!(p.next_deadline(), Some(deadline.min(20_000 + BASE_MS)));
    assert!(p.sent(b, 20_000));
    assert!(
        p.due(deadline - 1).is_empty(),
        "nothing overdue, the worker stays"
    );
    assert_eq!(p.len(), 2);
    assert_eq!(
        sorted(p.due(deadline)),
        vec![
            (
                "a",
                Ended::TimedOut {
                    ms: allowed_ms(3 * MIB)
                }
            ),
            ("b", Ended::Stopped)
        ]
    );
    assert!(p.is_empty() && p.next_deadline().is_none());
}

#[test]
fn a_request_cancelled_while_the_worker_loads_is_never_sent() {
    let mut p = Pending::default();
    let a = p.add(Job::Import, 0, 0, "a");
    assert_eq!(p.cancel(Job::Import), vec![("a", Ended::Cancelled)]);
    p.heard(Heard::Ready);
    assert!(!p.sent(a, 1));
    // Its answer, were it ever to come, is late, not a broken worker.
    assert_eq!(p.heard(Heard::Answer(a)), Verdict::Late);
}

#[test]
fn a_worker_that_never_starts_ends_every_request() {
    let mut p = Pending::default();
    p.add(Job::Import, 0, 0, "a");
    p.add(Job::Preview, 0, 0, "b");
    assert_eq!(
        sorted(p.fail("the worker could not load")),
        vec![
            ("a", Ended::Failed("the worker could not load".into())),
            ("b", Ended::Failed("the worker could not load".into()))
        ]
    );
    // Overdue while loading: the start time is in the sentence.
    let mut p = Pending::default();
    p.add(Job::Import, 0, 0, "a");
    let ended = p.due(START_MS + BASE_MS);
    assert_eq!(
        ended,
        vec![(
            "a",
            Ended::TimedOut {
                ms: START_MS + BASE_MS
            }
        )]
    );
}

#[test]
fn every_ending_is_a_sentence() {
    let cases: &[(Ended, &str)] = &[
        (Ended::Cancelled, "it was cancelled"),
        (
            Ended::TimedOut { ms: 22_000 },
            "the import/export worker gave no answer within 22 seconds, so Postil stopped it",
        ),
        (
            Ended::TimedOut { ms: 1 },
            "the import/export worker gave no answer within 1 second, so Postil stopped it",
        ),
        (
            Ended::Stopped,
            "the import/export worker was stopped (another job was cancelled or took too long); try again",
        ),
        (
            Ended::Broken("sent a message Postil does not read".into()),
            "the import/export worker sent a message Postil does not read, so Postil stopped it",
        ),
        (Ended::Failed("it could not load".into()), "it could not load"),
    ];
    for (ended, want) in cases {
        assert_eq!(ended.to_string(), *want);
    }
}
