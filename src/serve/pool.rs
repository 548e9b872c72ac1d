//! The bounded worker pool: `workers` reviews at once on blocking threads, at most `queue`
//! more waiting (each for at most `queue_wait`); anything beyond is refused at once with
//! 503 and Retry-After, before its upload is read, so requests never pile up.

use std::sync::Arc;
use std::time::Duration;

use axum::http::StatusCode;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use super::error::ApiError;

/// Seconds a refused client is told to wait.
pub const RETRY_AFTER: u32 = 5;

pub struct Pool {
    /// workers + queue: a request holds one from before its upload is read until its
    /// review ends, so uploads held in memory are bounded too.
    admission: Arc<Semaphore>,
    places: usize,
    workers: Arc<Semaphore>,
    worker_count: usize,
    queue_wait: Duration,
    job_budget: Duration,
}

/// A request's place in the pool (running or waiting).
pub struct Ticket(#[allow(dead_code)] OwnedSemaphorePermit);

impl Pool {
    pub fn new(workers: usize, queue: usize, queue_wait: Duration, job_budget: Duration) -> Pool {
        let workers = workers.max(1);
        Pool {
            admission: Arc::new(Semaphore::new(workers + queue)),
            places: workers + queue,
            workers: Arc::new(Semaphore::new(workers)),
            worker_count: workers,
            queue_wait,
            job_budget,
        }
    }

    /// Requests admitted (uploading, waiting or under review) and reviews running.
    pub fn load(&self) -> (usize, usize) {
        (
            self.places - self.admission.available_permits(),
            self.worker_count - self.workers.available_permits(),
        )
    }

    /// A place, or 503 when every worker is busy and the queue is full.
    pub fn admit(&self) -> Result<Ticket, ApiError> {
        self.admission
            .clone()
            .try_acquire_owned()
            .map(Ticket)
            .map_err(|_| ApiError::busy(RETRY_AFTER))
    }

    /// Runs `job` on a blocking thread once a worker is free. The worker (and the ticket)
    /// stay taken until the job returns, even when the request gave up waiting for it.
    pub async fn run<T, F>(&self, ticket: Ticket, job: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce() -> T + Send + 'static,
    {
        let permit =
            match tokio::time::timeout(self.queue_wait, self.workers.clone().acquire_owned()).await
            {
                Ok(Ok(p)) => p,
                _ => return Err(ApiError::busy(RETRY_AFTER)),
            };
        let handle = tokio::task::spawn_blocking(move || {
            let _held = (permit, ticket);
            job()
        });
        match tokio::time::timeout(self.job_budget, handle).await {
            Ok(Ok(v)) => Ok(v),
            Ok(Err(e)) => Err(ApiError::internal(e)),
            Err(_) => Err(ApiError {
                retry_after: Some(RETRY_AFTER),
                ..ApiError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "timeout",
                    format!("审查超过时限 {} 秒，已放弃等待", self.job_budget.as_secs()),
                )
            }),
        }
    }
}
