//! The search thread: it owns the [`Engine`], takes jobs from the finder's loop and answers
//! with [`Event`]s on the loop's own channel. Jobs that pile up while a search runs are
//! thinned first: only the newest search runs, so fast typing never queues stale work.

use std::sync::mpsc::{self, Receiver, Sender};
use std::thread;

use super::state::{Answer, Effect, Event};
use crate::search::{Engine, FacetCount, FacetField, Found, Hit, Mode, Outcome, QueryConfig, Sort};

/// How many appearances of one link the preview lists at most.
const MOST_APPEARANCES: usize = 200;

/// Starts the search thread on `engine`; it answers on `events` and ends when the returned
/// sender is dropped.
pub fn spawn(engine: Engine, events: Sender<Event>) -> Sender<Effect> {
    let (jobs, inbox) = mpsc::channel();
    thread::spawn(move || serve(&engine, &inbox, &events));
    jobs
}

/// Runs jobs until the finder's loop hangs up.
fn serve(engine: &Engine, inbox: &Receiver<Effect>, events: &Sender<Event>) {
    while let Ok(first) = inbox.recv() {
        let mut jobs = vec![first];
        jobs.extend(inbox.try_iter());
        for job in newest(jobs) {
            if events.send(answer(engine, job)).is_err() {
                return;
            }
        }
    }
}

/// Of the jobs waiting, those still worth running: the newest search only, and facet counts
/// only for that search (an older search's counts would be dropped by the state anyway).
pub fn newest(jobs: Vec<Effect>) -> Vec<Effect> {
    let latest = jobs
        .iter()
        .filter_map(|job| match job {
            Effect::Search { generation, .. } => Some(*generation),
            _ => None,
        })
        .max();
    jobs.into_iter()
        .filter(|job| match (job, latest) {
            (Effect::Search { generation, .. }, Some(latest)) => *generation == latest,
            (Effect::Facet { generation, .. }, Some(latest)) => *generation >= latest,
            _ => true,
        })
        .collect()
}

/// Runs one job.
fn answer(engine: &Engine, job: Effect) -> Event {
    match job {
        Effect::Search { generation, config } => Event::Answer {
            generation,
            answer: search(engine, &config).map_err(|err| format!("{err:#}")),
        },
        Effect::Facet {
            generation,
            kind,
            config,
        } => Event::Facet {
            generation,
            kind,
            values: facet(engine, &config).unwrap_or_default(),
        },
        Effect::Appearances { url } => Event::Appearances {
            hits: appearances(engine, &url).unwrap_or_default(),
            url,
        },
        Effect::Open(_) | Effect::Copy(_) | Effect::Exit(_) => {
            Event::Notice("internal: not a search".to_string())
        }
    }
}

/// The finder's search: the page of links through the one search step `query` uses, and the
/// number of matching links.
pub fn search(engine: &Engine, config: &QueryConfig) -> anyhow::Result<Answer> {
    let Found { outcome, advice } = engine.find(config)?;
    let Outcome::Hits(hits) = outcome else {
        anyhow::bail!("the finder's search gave no hits");
    };
    let total = if hits.len() < config.limit {
        hits.len() as u64
    } else {
        let count = QueryConfig {
            mode: Mode::Count,
            ..config.clone()
        };
        match engine.search(&count)? {
            Outcome::Count(total) => total,
            _ => hits.len() as u64,
        }
    };
    Ok(Answer {
        hits,
        total,
        advice: advice.map(|advice| advice.to_string()),
    })
}

/// The values of `kind` with their counts, years newest first.
fn facet(engine: &Engine, config: &QueryConfig) -> anyhow::Result<Vec<FacetCount>> {
    let Outcome::Facet { field, mut counts } = engine.search(config)? else {
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
