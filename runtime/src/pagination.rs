//! Page and item streams behind generated paginators.
//!
//! A paginator re-sends the same input with the token of the previous page until the service
//! returns no (or an empty) token. It stops with an error instead of looping when a token
//! comes back that was already used, and it can be bounded by items and by pages.

use std::collections::{HashSet, VecDeque};
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;

use crate::error::SdkError;

/// A boxed, sendable future, as returned by a page fetcher.
pub type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;

/// Fetches one page: given the token to send (none for the first page) and the page size.
pub type FetchPage<O, E> = Box<dyn FnMut(Option<String>, Option<i32>) -> BoxFuture<Result<O, SdkError<E>>> + Send>;

/// Settings of a paginated call, as boto3's `PaginationConfig`.
#[derive(Clone, Debug, Default)]
pub struct PaginationConfig {
    /// Items per page requested from the service (the operation's `pageSize` member).
    pub page_size: Option<i32>,
    /// Stop after this many items in total.
    pub max_items: Option<usize>,
    /// Stop after this many pages.
    pub max_pages: Option<usize>,
    /// Resume from a token returned by an earlier call.
    pub starting_token: Option<String>,
}

/// How a paginator reads a page of output `O`, generated per operation.
pub struct PageShape<O, T> {
    /// The output token (`NextToken`), if any.
    pub next_token: fn(&O) -> Option<&str>,
    /// How many items the page holds.
    pub item_count: fn(&O) -> usize,
    /// Keeps only the first `n` items of the page.
    pub truncate: fn(&mut O, usize),
    /// Takes the items out of the page.
    pub into_items: fn(O) -> Vec<T>,
}

impl<O, T> Clone for PageShape<O, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<O, T> Copy for PageShape<O, T> {}

/// The service sent a token it had already sent: continuing would loop forever.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RepeatedTokenError {
    /// The repeated token.
    pub token: String,
    /// Pages received before it.
    pub pages: usize,
}

impl fmt::Display for RepeatedTokenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the service repeated pagination token {:?} after {} page(s); stopping instead of looping",
            self.token, self.pages
        )
    }
}

impl std::error::Error for RepeatedTokenError {}

/// A stream of pages; yields an error and then ends on the first failure.
pub struct PageStream<O, T, E> {
    fetch: FetchPage<O, E>,
    shape: PageShape<O, T>,
    config: PaginationConfig,
    seen_tokens: HashSet<String>,
    next_token: Option<String>,
    pages: usize,
    items: usize,
    in_flight: Option<BoxFuture<Result<O, SdkError<E>>>>,
    /// A repeated token ends the stream after the page that carried it (as botocore does).
    pending_error: Option<RepeatedTokenError>,
    done: bool,
}

impl<O, T, E> PageStream<O, T, E> {
    /// A stream that fetches pages with `fetch`, read through `shape`.
    pub fn new(fetch: FetchPage<O, E>, shape: PageShape<O, T>, config: PaginationConfig) -> Self {
        let next_token = config.starting_token.clone();
        // A service echoing the starting token back would loop just the same.
        let seen_tokens = next_token.iter().cloned().collect();
        Self {
            fetch,
            shape,
            config,
            seen_tokens,
            next_token,
            pages: 0,
            items: 0,
            in_flight: None,
            pending_error: None,
            done: false,
        }
    }

    /// The next page, or `None` after the last one: the stream without `futures`' `StreamExt`.
    pub async fn next(&mut self) -> Option<Result<O, SdkError<E>>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// Flattens the pages into their items.
    pub fn items(self) -> ItemStream<O, T, E> {
        ItemStream { pages: self, buffered: VecDeque::new() }
    }

    fn remaining_items(&self) -> Option<usize> {
        self.config.max_items.map(|max| max.saturating_sub(self.items))
    }
}

impl<O, T, E> Unpin for PageStream<O, T, E> {}

impl<O, T, E> Stream for PageStream<O, T, E> {
    type Item = Result<O, SdkError<E>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        if let Some(error) = this.pending_error.take() {
            this.done = true;
            return Poll::Ready(Some(Err(SdkError::RepeatedToken(error))));
        }
        if this.done {
            return Poll::Ready(None);
        }
        if this.in_flight.is_none() {
            let bounded_by_pages = this.config.max_pages.is_some_and(|max| this.pages >= max);
            if bounded_by_pages || this.remaining_items() == Some(0) {
                this.done = true;
                return Poll::Ready(None);
            }
            // Ask for no more items than are still wanted.
            let page_size = match (this.config.page_size, this.remaining_items()) {
                (Some(size), Some(rest)) => Some(size.min(i32::try_from(rest).unwrap_or(i32::MAX))),
                (size, _) => size,
            };
            this.in_flight = Some((this.fetch)(this.next_token.clone(), page_size));
        }
        let Some(future) = this.in_flight.as_mut() else {
            return Poll::Ready(None);
        };
        let result = match future.as_mut().poll(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(result) => result,
        };
        this.in_flight = None;
        let mut page = match result {
            Ok(page) => page,
            Err(error) => {
                this.done = true;
                return Poll::Ready(Some(Err(error)));
            }
        };
        this.pages += 1;
        if let Some(rest) = this.remaining_items() {
            if (this.shape.item_count)(&page) > rest {
                (this.shape.truncate)(&mut page, rest);
            }
        }
        this.items += (this.shape.item_count)(&page);
        match (this.shape.next_token)(&page).filter(|t| !t.is_empty()) {
            None => this.done = true,
            Some(token) => {
                if this.seen_tokens.insert(token.to_owned()) {
                    this.next_token = Some(token.to_owned());
                } else {
                    this.pending_error = Some(RepeatedTokenError { token: token.to_owned(), pages: this.pages });
                }
            }
        }
        Poll::Ready(Some(Ok(page)))
    }
}

/// A stream of the items of every page.
pub struct ItemStream<O, T, E> {
    pages: PageStream<O, T, E>,
    buffered: VecDeque<T>,
}

impl<O, T, E> ItemStream<O, T, E> {
    /// The next item, or `None` after the last page: the stream without `futures`' `StreamExt`.
    pub async fn next(&mut self) -> Option<Result<T, SdkError<E>>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }
}

impl<O, T, E> Unpin for ItemStream<O, T, E> {}

impl<O, T, E> Stream for ItemStream<O, T, E> {
    type Item = Result<T, SdkError<E>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        loop {
            if let Some(item) = self.buffered.pop_front() {
                return Poll::Ready(Some(Ok(item)));
            }
            match Pin::new(&mut self.pages).poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Ready(Some(Err(e))) => return Poll::Ready(Some(Err(e))),
                Poll::Ready(Some(Ok(page))) => {
                    let into_items = self.pages.shape.into_items;
                    self.buffered.extend(into_items(page));
                }
            }
        }
    }
}
