//! Integrity under load: a dozen processes race through the same few tasks with every command,
//! then every successful transition must have happened exactly once and nothing else changed.

use std::collections::HashMap;
use std::thread;

use crate::support::TestDb;

const RACERS: usize = 12;
const ROUNDS: usize = 30;
const TASKS: [&str; 4] = ["alpha", "beta", "gamma", "delta"];
const ACTIONS: [&str; 5] = ["new", "start", "resolve", "cost", "elapsed"];

/// A small xorshift: each racer gets its own sequence, and no dependency is needed.
struct Dice(u64);

impl Dice {
    fn roll(&mut self, sides: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % sides as u64) as usize
    }
}

#[test]
fn racing_processes_leave_a_consistent_board() {
    let db = TestDb::new();
    // A failure names its seed; KANBAN_TORTURE_SEED=<seed> replays the same dice.
    let seed = match std::env::var("KANBAN_TORTURE_SEED") {
        Ok(seed) => seed.parse().expect("KANBAN_TORTURE_SEED is a number"),
        Err(_) => crate::support::random_u64(),
    };
    println!("torture seed: {seed} (replay with KANBAN_TORTURE_SEED={seed})");
    let outcomes: Vec<(&str, &str, i32)> = thread::scope(|scope| {
        let racers: Vec<_> = (0..RACERS)
            .map(|racer| {
                let db = &db;
                scope.spawn(move || {
                    let mut dice =
                        Dice((seed ^ (racer as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15)) | 1);
                    (0..ROUNDS)
                        .map(|_| {
                            let task = TASKS[dice.roll(TASKS.len())];
                            let action = ACTIONS[dice.roll(ACTIONS.len())];
                            let out = db.kanban([action, task]).run();
                            (task, action, out.code.unwrap_or(-1))
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        racers
            .into_iter()
            .flat_map(|racer| racer.join().unwrap())
            .collect()
    });
    assert_eq!(outcomes.len(), RACERS * ROUNDS);

    let mut wins: HashMap<(&str, &str), usize> = HashMap::new();
    for (task, action, code) in &outcomes {
        assert!(
            [0, 3, 4].contains(code),
            "{action} {task} exited {code} (seed {seed})"
        );
        if *code == 0 {
            *wins.entry((task, action)).or_default() += 1;
        }
    }
    let won = |task, action| wins.get(&(task, action)).copied().unwrap_or(0);
    for task in TASKS {
        let (added, started, resolved) =
            (won(task, "new"), won(task, "start"), won(task, "resolve"));
        assert!(
            added <= 1 && started <= 1 && resolved <= 1,
            "{task}: {wins:?} (seed {seed})"
        );
        assert!(
            started <= added && resolved <= started,
            "{task}: {wins:?} (seed {seed})"
        );
        if won(task, "cost") > 0 {
            assert_eq!(resolved, 1, "{task} had a cost before it was resolved");
        }
        if won(task, "elapsed") > 0 {
            assert_eq!(started, 1, "{task} had a time in work before it started");
        }
        let expected = match (added, started, resolved) {
            (0, _, _) => None,
            (_, 0, _) => Some("todo"),
            (_, _, 0) => Some("in_progress"),
            _ => Some("done"),
        };
        let stored = db
            .rows(&format!(
                "SELECT status::text FROM kanban_task WHERE name = '{task}'"
            ))
            .into_iter()
            .next()
            .and_then(|row| row[0].clone());
        assert_eq!(
            stored.as_deref(),
            expected,
            "{task}: {wins:?} (seed {seed})"
        );
    }
    let added: usize = TASKS.iter().map(|task| won(task, "new")).sum();
    assert_eq!(
        db.value("SELECT count(*) FROM kanban_task").unwrap(),
        added.to_string()
    );
    assert_eq!(
        db.value(
            "SELECT count(*) FROM kanban_task WHERE status = 'done' \
             AND (hourly_rate <> 10 OR end_datetime < start_datetime)"
        )
        .as_deref(),
        Some("0")
    );
}
