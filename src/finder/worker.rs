//! The search thread: it owns the [`Engine`], takes jobs from the finder's loop and answers
//! with [`Event`]s on the loop's own channel. Jobs that pile up while a search runs are
//! thinned first: only the newest search runs, so fast typing never queues stale work.

use std::sync::mpsc::{self, Receiver, Sender};
use std::thread;

use super::state::{Answer, Event, Job};
use crate::search::{Engine, FacetCount, FacetField, Found, Hit, Mode, Outcome, QueryConfig, Sort};

/// How many appearances of one link the preview lists at most.
const MOST_APPEARANCES: usize = 200;

/// Starts the search thread on `engine`; it answers on `events` and ends when the returned
/// sender is dropped.
pub fn spawn(engine: Engine, events: Sender<Event>) -> Sender<Job> {
    let (jobs, inbox) = mpsc::channel();
    thread::spawn(move || serve(&engine, &inbox, &events));
    jobs
}

/// Runs jobs until the finder's loop hangs up. A search that filled its page is counted after
/// its answer is sent, unless a newer search is already waiting (its count would be dropped).
fn serve(engine: &Engine, inbox: &Receiver<Job>, events: &Sender<Event>) {
    let mut waiting = Vec::new();
    loop {
        if waiting.is_empty() {
            match inbox.recv() {
                Ok(job) => waiting.push(job),
                Err(_) => return,
            }
        }
        waiting.extend(inbox.try_iter());
        for job in newest(std::mem::take(&mut waiting)) {
            let uncounted = answer(engine, job);
            let sent = uncounted
                .events
                .into_iter()
                .all(|event| events.send(event).is_ok());
            if !sent {
                return;
            }
            let Some((generation, config)) = uncounted.count else {
                continue;
            };
            waiting.extend(inbox.try_iter());
            let overtaken = waiting.iter().any(|job| matches!(job, Job::Search { .. }));
            if overtaken {
                continue;
            }
            if let Ok(total) = count(engine, &config) {
                if events.send(Event::Total { generation, total }).is_err() {
                    return;
                }
            }
        }
    }
}

/// Of the jobs waiting, those still worth running: the newest search only, and facet counts
/// only for that search (an older search's counts would be dropped by the state anyway).
pub fn newest(jobs: Vec<Job>) -> Vec<Job> {
    let latest = jobs
        .iter()
        .filter_map(|job| match job {
            Job::Search { generation, .. } => Some(*generation),
            _ => None,
        })
        .max();
    jobs.into_iter()
        .filter(|job| match (job, latest) {
            (Job::Search { generation, .. }, Some(latest)) => *generation == latest,
            (Job::Facet { generation, .. }, Some(latest)) => *generation >= latest,
            _ => true,
        })
        .collect()
}

/// What one job gives: the events to send, and for a search that filled its page, the search
/// to count next.
struct Answered {
    events: Vec<Event>,
    count: Option<(u64, QueryConfig)>,
}

/// Runs one job.
fn answer(engine: &Engine, job: Job) -> Answered {
    let events = match job {
        Job::Search { generation, config } => {
            let answer = search(engine, &config).map_err(|err| format!("{err:#}"));
            let full = matches!(&answer, Ok(Answer { total: None, .. }));
            return Answered {
                events: vec![Event::Answer { generation, answer }],
                count: full.then_some((generation, config)),
            };
        }
        Job::Facet {
            generation,
            kind,
            config,
        } => vec![Event::Facet {
            generation,
            kind,
            values: facet(engine, &config).unwrap_or_default(),
        }],
        Job::Appearances { url } => vec![Event::Appearances {
            hits: appearances(engine, &url).unwrap_or_default(),
            url,
        }],
    };
    Answered {
        events,
        count: None,
    }
}

/// The finder's search: the page of links through the one search step `query` uses. The total
/// is known when the page is not full; otherwise [`count`] tells it.
pub fn search(engine: &Engine, config: &QueryConfig) -> anyhow::Result<Answer> {
    let Found { outcome, advice } = engine.find(config)?;
    let Outcome::Hits(hits) = outcome else {
        anyhow::bail!("the finder's search gave no hits");
    };
    let total = (hits.len() < config.limit).then_some(hits.len() as u64);
    Ok(Answer {
        hits,
        total,
        advice: advice.map(|advice| advice.to_string()),
    })
}

/// How many links match `config` in all.
pub fn count(engine: &Engine, config: &QueryConfig) -> anyhow::Result<u64> {
    let count = QueryConfig {
        mode: Mode::Count,
        ..config.clone()
    };
    match engine.search(&count)? {
        Outcome::Count(total) => Ok(total),
        _ => anyhow::bail!("a count gave no number"),
    }
}

/// The values of `kind` with their counts, years newest first.
fn facet(engine: &Engine, config: &QueryConfig) -> anyhow::Result<Vec<FacetCount>> {
    let Outcome::Facet {
        field, mut counts, ..
    } = engine.search(config)?
    else {
        return Ok(Vec::new());
    };
    if field == FacetField::Year {
        counts.reverse();
    }
    Ok(counts)
}

/// Every appearance of the link at `url`, oldest first, one hit each, whatever the filters (a
/// typed URL names the link, sponsor or recurring).
fn appearances(engine: &Engine, url: &str) -> anyhow::Result<Vec<Hit>> {
    let config = QueryConfig {
        words: url.to_string(),
        all: true,
        sort: Some(Sort::Oldest),
        limit: MOST_APPEARANCES,
        ..QueryConfig::default()
    };
    match engine.search(&config)? {
        Outcome::Hits(hits) => Ok(hits),
        _ => Ok(Vec::new()),
    }
}
