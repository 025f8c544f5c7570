//! The paginator of every paginated operation, and its page and item streams.
//!
//! A paginator re-sends the same input with the token of the previous page until the service
//! returns no (or an empty) token. It stops with an error instead of looping when a token
//! comes back that was already used, and it can be bounded by items and by pages.
//!
//! Tokens are opaque strings for most services, but Smithy also allows maps (a "last
//! evaluated key" of attribute values): the streams are generic over the token type `K`,
//! which defaults to `String`, and compare tokens by value.

use std::any::Any;
use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::fmt::Write as _;
use std::hash::Hasher;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use futures_core::Stream;

use crate::error::SdkError;
use crate::operation::Operation;

/// A boxed, sendable future, as returned by a page fetcher.
pub type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;

/// Fetches one page: given the token to send (none for the first page) and the page size.
pub type FetchPage<O, E, K = String> = Box<dyn FnMut(Option<K>, Option<i32>) -> BoxFuture<Result<O, SdkError<E>>> + Send>;

/// What a pagination token must allow: being re-sent (`Clone`), compared with the tokens
/// already seen (`PartialEq`), shown in errors (`Debug`), and moved into the fetching task.
pub trait PageToken: Clone + PartialEq + fmt::Debug + Send + 'static {}

impl<K: Clone + PartialEq + fmt::Debug + Send + 'static> PageToken for K {}

/// The token as text for [`RepeatedTokenError`]: a string as it is, anything else (a map
/// token) in its `Debug` form, which redacts `@sensitive` members.
fn token_text<K: PageToken>(token: &K) -> String {
    match (token as &dyn Any).downcast_ref::<String>() {
        Some(text) => text.clone(),
        None => format!("{token:?}"),
    }
}

/// The tokens a stream has sent, compared by value (a map token need not be `Hash`), in
/// buckets by a hash of their `Debug` form so that a long pagination does not compare each
/// token with every earlier one. Equal tokens of the types generated code uses (strings,
/// `BTreeMap`s of generated types) have equal `Debug` forms, so they meet in one bucket.
struct SeenTokens<K> {
    buckets: HashMap<u64, Vec<K>>,
}

impl<K: PageToken> SeenTokens<K> {
    fn new() -> Self {
        Self { buckets: HashMap::new() }
    }

    /// Records `token`; `false` if an equal one was recorded before.
    fn insert(&mut self, token: &K) -> bool {
        /// Feeds formatted text to a hasher without building a `String`.
        struct HashWriter(DefaultHasher);
        impl fmt::Write for HashWriter {
            fn write_str(&mut self, s: &str) -> fmt::Result {
                self.0.write(s.as_bytes());
                Ok(())
            }
        }
        let mut hasher = HashWriter(DefaultHasher::new());
        // Writing to a hasher cannot fail.
        let _ = write!(hasher, "{token:?}");
        let bucket = self.buckets.entry(hasher.0.finish()).or_default();
        if bucket.contains(token) {
            return false;
        }
        bucket.push(token.clone());
        true
    }
}

/// Settings of a paginated call, as boto3's `PaginationConfig`; `K` is the token type.
#[derive(Clone, Debug)]
pub struct PaginationConfig<K = String> {
    /// Items per page requested from the service (the operation's `pageSize` member).
    pub page_size: Option<i32>,
    /// Stop after this many items in total.
    pub max_items: Option<usize>,
    /// Stop after this many pages.
    pub max_pages: Option<usize>,
    /// Resume from a token returned by an earlier call.
    pub starting_token: Option<K>,
    /// After a retryable error (throttling, a 5xx, a timeout, a broken connection: see
    /// [`SdkError::is_transient`]) the stream keeps its place and the next poll fetches the
    /// same page again; this many failed polls in a row end it (default 3). A non-retryable
    /// error ends it at once.
    pub max_consecutive_failures: u32,
    /// The wait before a failed page is fetched again, doubled for each further failure in a
    /// row, at most [`MAX_FAILURE_BACKOFF`] (default 1 s).
    pub failure_backoff: Duration,
    /// A repeated token ends the stream with [`SdkError::RepeatedToken`] (botocore's
    /// behaviour) instead of cleanly (the default; see [`StreamEnd::RepeatedToken`]).
    pub error_on_repeated_token: bool,
}

/// The longest wait between polls of a failed page.
pub const MAX_FAILURE_BACKOFF: Duration = Duration::from_secs(20);

// Not derived: the derive would ask for `K: Default`, which a map token has but need not.
impl<K> Default for PaginationConfig<K> {
    fn default() -> Self {
        Self {
            page_size: None,
            max_items: None,
            max_pages: None,
            starting_token: None,
            max_consecutive_failures: 3,
            failure_backoff: Duration::from_secs(1),
            error_on_repeated_token: false,
        }
    }
}

/// Why a page stream ended.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum StreamEnd {
    /// The service sent no (or an empty) token: every page was read.
    LastPage,
    /// `max_pages` or `max_items` was reached; `resume_token()` goes on from there.
    Bounded,
    /// The service sent a token it had sent before. The Smithy spec lets a client stop
    /// there, and some services end a listing so by design; the page that carried it was
    /// delivered. (With `error_on_repeated_token`, the stream ends with an error instead.)
    RepeatedToken(RepeatedTokenError),
    /// An error that fetching the page again cannot fix (it was the stream's last item).
    Error,
    /// This many retryable errors in a row (`max_consecutive_failures`); `resume_token()`
    /// gives the page that failed.
    Failures(u32),
}

/// How a paginator reads a page of output `O`, generated per operation.
pub struct PageShape<O, T, K = String> {
    /// The output token (`NextToken`), if any: `None` when absent or empty, both of which
    /// end the pagination.
    pub next_token: fn(&O) -> Option<&K>,
    /// How many items the page holds.
    pub item_count: fn(&mut O) -> usize,
    /// Keeps only the first `n` items of the page.
    pub truncate: fn(&mut O, usize),
    /// Takes the items out of the page.
    pub into_items: fn(O) -> Vec<T>,
}

impl<O, T, K> Clone for PageShape<O, T, K> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<O, T, K> Copy for PageShape<O, T, K> {}

/// The service sent a token it had already sent: continuing would loop forever.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RepeatedTokenError {
    /// The repeated token: a string token as it is, any other token (a map) in its `Debug`
    /// form.
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

/// A stream of pages. An error is yielded as an item; after a retryable one the stream keeps
/// its place (the next poll fetches the page again, after a backoff), after any other it
/// ends. [`end`](Self::end) says why it ended.
pub struct PageStream<O, T, E, K = String> {
    fetch: FetchPage<O, E, K>,
    shape: PageShape<O, T, K>,
    config: PaginationConfig<K>,
    seen_tokens: SeenTokens<K>,
    next_token: Option<K>,
    pages: usize,
    items: usize,
    in_flight: Option<BoxFuture<Result<O, SdkError<E>>>>,
    /// With `error_on_repeated_token`: the error that follows the page with the repeated token.
    pending_error: Option<RepeatedTokenError>,
    /// Failed polls in a row.
    failures: u32,
    /// The wait before fetching a failed page again.
    backoff: Option<Pin<Box<tokio::time::Sleep>>>,
    end: Option<StreamEnd>,
}

impl<O, T, E, K: PageToken> PageStream<O, T, E, K> {
    /// A stream that fetches pages with `fetch`, read through `shape`.
    pub fn new(fetch: FetchPage<O, E, K>, shape: PageShape<O, T, K>, config: PaginationConfig<K>) -> Self {
        let next_token = config.starting_token.clone();
        // A service echoing the starting token back would loop just the same.
        let mut seen_tokens = SeenTokens::new();
        if let Some(token) = &next_token {
            seen_tokens.insert(token);
        }
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
            failures: 0,
            backoff: None,
            end: None,
        }
    }

    /// Why the stream ended; `None` while it goes on.
    pub fn end(&self) -> Option<&StreamEnd> {
        self.end.as_ref()
    }

    /// The next page, or `None` after the last one: the stream without `futures`' `StreamExt`.
    pub async fn next(&mut self) -> Option<Result<O, SdkError<E>>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// Flattens the pages into their items.
    pub fn items(self) -> ItemStream<O, T, E, K> {
        ItemStream { pages: self, buffered: VecDeque::new() }
    }

    /// The token the next page would be fetched with (after an error, the page that failed),
    /// `None` once the pages ran out (or the service repeated a token): pass it to a new
    /// paginator's `starting_token` to go on where this stream stopped, at any point.
    /// (Items that `max_items` cut from the last page are not fetched again.)
    pub fn resume_token(&self) -> Option<&K> {
        self.next_token.as_ref()
    }

    fn remaining_items(&self) -> Option<usize> {
        self.config.max_items.map(|max| max.saturating_sub(self.items))
    }
}

impl<O, T, E, K> Unpin for PageStream<O, T, E, K> {}

impl<O, T, E, K: PageToken> Stream for PageStream<O, T, E, K> {
    type Item = Result<O, SdkError<E>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        if let Some(error) = this.pending_error.take() {
            this.end = Some(StreamEnd::RepeatedToken(error.clone()));
            return Poll::Ready(Some(Err(SdkError::RepeatedToken(error))));
        }
        if this.end.is_some() {
            return Poll::Ready(None);
        }
        if let Some(backoff) = this.backoff.as_mut() {
            if backoff.as_mut().poll(cx).is_pending() {
                return Poll::Pending;
            }
            this.backoff = None;
        }
        if this.in_flight.is_none() {
            let bounded_by_pages = this.config.max_pages.is_some_and(|max| this.pages >= max);
            if bounded_by_pages || this.remaining_items() == Some(0) {
                this.end = Some(StreamEnd::Bounded);
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
        let page = match result {
            Ok(page) => page,
            Err(error) => {
                this.failed(&error);
                return Poll::Ready(Some(Err(error)));
            }
        };
        this.failures = 0;
        Poll::Ready(Some(Ok(this.received(page))))
    }
}

impl<O, T, E, K: PageToken> PageStream<O, T, E, K> {
    /// Keeps the stream's place after a retryable error (the page is fetched again after a
    /// backoff) unless too many polls failed in a row; ends it after any other error.
    fn failed(&mut self, error: &SdkError<E>) {
        self.failures += 1;
        if !error.is_transient() {
            self.end = Some(StreamEnd::Error);
        } else if self.failures >= self.config.max_consecutive_failures {
            self.end = Some(StreamEnd::Failures(self.failures));
        } else {
            let doubled = self.config.failure_backoff.saturating_mul(1 << (self.failures - 1).min(16));
            self.backoff = Some(Box::pin(tokio::time::sleep(doubled.min(MAX_FAILURE_BACKOFF))));
        }
    }

    /// Counts a page, cuts it to `max_items`, and takes its token.
    fn received(&mut self, mut page: O) -> O {
        self.pages += 1;
        if let Some(rest) = self.remaining_items() {
            if (self.shape.item_count)(&mut page) > rest {
                (self.shape.truncate)(&mut page, rest);
            }
        }
        self.items += (self.shape.item_count)(&mut page);
        match (self.shape.next_token)(&page) {
            None => {
                self.end = Some(StreamEnd::LastPage);
                self.next_token = None;
            }
            Some(token) if !self.seen_tokens.insert(token) => {
                let repeated = RepeatedTokenError { token: token_text(token), pages: self.pages };
                if self.config.error_on_repeated_token {
                    self.pending_error = Some(repeated);
                } else {
                    self.end = Some(StreamEnd::RepeatedToken(repeated));
                }
                self.next_token = None;
            }
            Some(token) => self.next_token = Some(token.clone()),
        }
        page
    }
}

/// A stream of the items of every page.
pub struct ItemStream<O, T, E, K = String> {
    pages: PageStream<O, T, E, K>,
    buffered: VecDeque<T>,
}

impl<O, T, E, K: PageToken> ItemStream<O, T, E, K> {
    /// The next item, or `None` after the last page: the stream without `futures`' `StreamExt`.
    pub async fn next(&mut self) -> Option<Result<T, SdkError<E>>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// The token of the page after those fetched so far (see [`PageStream::resume_token`]);
    /// items of fetched pages not yet taken from this stream are not part of it.
    pub fn resume_token(&self) -> Option<&K> {
        self.pages.resume_token()
    }

    /// Why the stream ended; `None` while it goes on (see [`PageStream::end`]).
    pub fn end(&self) -> Option<&StreamEnd> {
        self.pages.end()
    }
}

impl<O, T, E, K> Unpin for ItemStream<O, T, E, K> {}

impl<O, T, E, K: PageToken> Stream for ItemStream<O, T, E, K> {
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

/// The collection a page's items come in, a list or a map (`()` for an operation without
/// one): the paginator counts, cuts and drains it the same way for every operation.
pub trait PageItems: Default {
    /// One item (a map's is a key-value pair).
    type Item;

    /// How many items the page holds.
    fn count(&self) -> usize;

    /// Keeps only the first `n` items.
    fn truncate(&mut self, n: usize);

    /// The items, in order.
    fn into_items(self) -> Vec<Self::Item>;
}

impl<T> PageItems for Vec<T> {
    type Item = T;

    fn count(&self) -> usize {
        self.len()
    }

    fn truncate(&mut self, n: usize) {
        Vec::truncate(self, n);
    }

    fn into_items(self) -> Vec<T> {
        self
    }
}

impl<K: Ord, V> PageItems for BTreeMap<K, V> {
    type Item = (K, V);

    fn count(&self) -> usize {
        self.len()
    }

    fn truncate(&mut self, n: usize) {
        *self = std::mem::take(self).into_iter().take(n).collect();
    }

    fn into_items(self) -> Vec<(K, V)> {
        self.into_iter().collect()
    }
}

/// No item list: pages only.
impl PageItems for () {
    type Item = ();

    fn count(&self) -> usize {
        0
    }

    fn truncate(&mut self, _n: usize) {}

    fn into_items(self) -> Vec<()> {
        Vec::new()
    }
}

/// One item of operation `O`'s pages.
pub type ItemOf<O> = <<O as Paginated>::Items as PageItems>::Item;

/// A paginated operation, as the generator describes it: how a page is asked for and where
/// its token and items are. [`Paginator`] does the rest for every operation.
pub trait Paginated: Operation {
    /// The operation's fluent builder (its input builder attached to a client handle).
    type Fluent: Clone + fmt::Debug + Send + Sync + 'static;
    /// The pagination token.
    type Token: PageToken;
    /// The collection of a page's items (`()` without an item list).
    type Items: PageItems;

    /// Sends the fluent builder's input: one page.
    fn fetch_page(input: Self::Fluent) -> BoxFuture<Result<Self::Output, SdkError<Self::Error>>>;

    /// Sets the input token (`None` for the first page).
    fn set_token(input: &mut Self::Fluent, token: Option<Self::Token>);

    /// Sets the page-size member; only called for a [`PageSized`] operation.
    fn set_page_size(_input: &mut Self::Fluent, _size: i32) {}

    /// The output token, if any: `None` when absent or empty, both of which end the
    /// pagination.
    fn next_token(output: &Self::Output) -> Option<&Self::Token>;

    /// The page's items, if the operation has an item list and the page holds it.
    fn items(_output: &mut Self::Output) -> Option<&mut Self::Items> {
        None
    }
}

/// How [`PageStream`] reads the pages of `O`.
fn page_shape<O: Paginated>() -> PageShape<O::Output, ItemOf<O>, O::Token> {
    PageShape {
        next_token: O::next_token,
        item_count: |page| O::items(page).map_or(0, |items| items.count()),
        truncate: |page, n| {
            if let Some(items) = O::items(page) {
                items.truncate(n);
            }
        },
        into_items: |mut page| O::items(&mut page).map(std::mem::take).unwrap_or_default().into_items(),
    }
}

/// A paginated operation with a page-size member: its paginator has `page_size`.
pub trait PageSized: Paginated {}

/// A paginated operation with an item list (or map): its paginator has `items`.
pub trait PaginatedItems: Paginated {}

/// Pages through operation `O`; created by `into_paginator()` on its fluent builder.
///
/// Stops when the service returns no (or an empty) token, or repeats one (the stream's
/// [`end`](PageStream::end) says why). After a retryable error the stream keeps its place;
/// its [`resume_token`](PageStream::resume_token) starts a new paginator where it stopped.
pub struct Paginator<O: Paginated> {
    input: O::Fluent,
    config: PaginationConfig<O::Token>,
}

// Not derived: the derives would ask `O`, a unit struct, for `Clone` and `Debug`.
impl<O: Paginated> Clone for Paginator<O> {
    fn clone(&self) -> Self {
        Self { input: self.input.clone(), config: self.config.clone() }
    }
}

impl<O: Paginated> fmt::Debug for Paginator<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Paginator").field("input", &self.input).field("config", &self.config).finish()
    }
}

impl<O: Paginated> Paginator<O> {
    /// A paginator over the input set so far in `input`.
    pub fn new(input: O::Fluent) -> Self {
        Self { input, config: PaginationConfig::default() }
    }

    /// Stop after this many items in total.
    pub fn max_items(mut self, max: usize) -> Self {
        self.config.max_items = Some(max);
        self
    }

    /// Stop after this many pages.
    pub fn max_pages(mut self, max: usize) -> Self {
        self.config.max_pages = Some(max);
        self
    }

    /// Resume from a token returned by an earlier call (a stream's `resume_token()`).
    pub fn starting_token(mut self, token: impl Into<O::Token>) -> Self {
        self.config.starting_token = Some(token.into());
        self
    }

    /// After a retryable error the stream keeps its place and polling it again fetches the
    /// page again; this many failed polls in a row end it (default 3).
    pub fn max_consecutive_failures(mut self, max: u32) -> Self {
        self.config.max_consecutive_failures = max;
        self
    }

    /// The wait before a failed page is fetched again, doubled per further failure in a row
    /// (default 1 s, at most 20 s).
    pub fn failure_backoff(mut self, backoff: Duration) -> Self {
        self.config.failure_backoff = backoff;
        self
    }

    /// End with `SdkError::RepeatedToken` when the service repeats a token, as botocore
    /// does, instead of ending cleanly after the page that carried it.
    pub fn error_on_repeated_token(mut self, error: bool) -> Self {
        self.config.error_on_repeated_token = error;
        self
    }

    /// A stream of pages.
    pub fn send(self) -> PageStream<O::Output, ItemOf<O>, O::Error, O::Token> {
        let Self { input, config } = self;
        let fetch: FetchPage<O::Output, O::Error, O::Token> = Box::new(move |token, page_size| {
            let mut input = input.clone();
            O::set_token(&mut input, token);
            if let Some(size) = page_size {
                O::set_page_size(&mut input, size);
            }
            O::fetch_page(input)
        });
        PageStream::new(fetch, page_shape::<O>(), config)
    }
}

impl<O: PageSized> Paginator<O> {
    /// Items per page to ask the service for.
    pub fn page_size(mut self, size: i32) -> Self {
        self.config.page_size = Some(size);
        self
    }
}

impl<O: PaginatedItems> Paginator<O> {
    /// A stream of the items of every page.
    pub fn items(self) -> ItemStream<O::Output, ItemOf<O>, O::Error, O::Token> {
        self.send().items()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::sync::{Arc, Mutex};

    use super::*;

    /// A map token, as a "last evaluated key" is.
    type Key = BTreeMap<String, String>;

    /// A page: its items and the token after it.
    #[derive(Debug)]
    struct Page {
        items: Vec<u32>,
        next: Option<Key>,
    }

    fn key(id: &str) -> Key {
        BTreeMap::from([("id".to_owned(), id.to_owned())])
    }

    fn shape() -> PageShape<Page, u32, Key> {
        PageShape {
            // An empty map ends the pagination as an absent one does.
            next_token: |page| page.next.as_ref().filter(|k| !k.is_empty()),
            item_count: |page| page.items.len(),
            truncate: |page, n| page.items.truncate(n),
            into_items: |page| page.items,
        }
    }

    /// The tokens of the requests made, in order.
    type Sent = Arc<Mutex<Vec<Option<Key>>>>;

    /// A stream over `pages` (served in order) that records the token of every request.
    fn stream(pages: Vec<Page>, config: PaginationConfig<Key>) -> (PageStream<Page, u32, (), Key>, Sent) {
        let sent = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&sent);
        let mut pages = pages.into_iter();
        let fetch: FetchPage<Page, (), Key> = Box::new(move |token, _| {
            log.lock().unwrap().push(token);
            let page = pages.next().expect("no request after the last page");
            Box::pin(async move { Ok(page) })
        });
        (PageStream::new(fetch, shape(), config), sent)
    }

    fn block_on<F: Future>(future: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread().enable_time().build().unwrap().block_on(future)
    }

    #[test]
    fn map_tokens_are_sent_back_as_they_came() {
        let pages = vec![
            Page { items: vec![1, 2], next: Some(key("b")) },
            Page { items: vec![3], next: Some(key("c")) },
            Page { items: vec![4], next: Some(Key::new()) },
        ];
        let (pages, sent) = stream(pages, PaginationConfig::default());
        let mut items = pages.items();
        let all = block_on(async {
            let mut all = Vec::new();
            while let Some(item) = items.next().await {
                all.push(item.unwrap());
            }
            all
        });
        assert_eq!(all, [1, 2, 3, 4]);
        assert_eq!(*sent.lock().unwrap(), [None, Some(key("b")), Some(key("c"))]);
        assert_eq!(items.resume_token(), None, "no token after the last page");
    }

    #[test]
    fn a_repeated_map_token_is_found_by_value_and_ends_the_stream() {
        let pages = || {
            vec![
                Page { items: vec![1], next: Some(key("b")) },
                Page { items: vec![2], next: Some(key("c")) },
                // Equal to the first token, though a different value in memory.
                Page { items: vec![3], next: Some(key("b")) },
            ]
        };
        let repeated = RepeatedTokenError { token: format!("{:?}", key("b")), pages: 3 };
        // By default the page that carried it is the last one, and the stream says why.
        let (mut stream_, _) = stream(pages(), PaginationConfig::default());
        block_on(async {
            for _ in 0..3 {
                stream_.next().await.unwrap().unwrap();
            }
            assert!(stream_.next().await.is_none());
        });
        assert_eq!(stream_.end(), Some(&StreamEnd::RepeatedToken(repeated.clone())));
        assert_eq!(stream_.resume_token(), None, "a repeated token is nothing to resume from");
        // As botocore does, on request: an error after that page.
        let config = PaginationConfig { error_on_repeated_token: true, ..PaginationConfig::default() };
        let (mut stream_, _) = stream(pages(), config);
        block_on(async {
            for _ in 0..3 {
                stream_.next().await.unwrap().unwrap();
            }
            match stream_.next().await {
                Some(Err(SdkError::RepeatedToken(e))) => assert_eq!(e, repeated),
                other => panic!("expected a repeated token, got {other:?}"),
            }
            assert!(stream_.next().await.is_none());
        });
        assert_eq!(stream_.end(), Some(&StreamEnd::RepeatedToken(repeated)));
    }

    /// A transient failure (an I/O error after a request was sent) or a permanent one.
    fn failure(transient: bool) -> SdkError<()> {
        if transient {
            SdkError::Dispatch(crate::error::DispatchFailure {
                kind: crate::error::DispatchKind::Io,
                attempts: 3,
                message: "connection reset".into(),
                source: None,
            })
        } else {
            SdkError::InvalidInput(crate::BuildError {
                shape: "Input",
                member: "Member",
                problem: crate::error::BuildProblem::Missing,
            })
        }
    }

    /// A stream over `script`: each entry answers one request, a page or a failure.
    fn scripted(
        script: Vec<Result<Page, bool>>,
        config: PaginationConfig<Key>,
    ) -> (PageStream<Page, u32, (), Key>, Sent) {
        let sent = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&sent);
        let mut script = script.into_iter();
        let fetch: FetchPage<Page, (), Key> = Box::new(move |token, _| {
            log.lock().unwrap().push(token);
            let answer = script.next().expect("no request after the script");
            Box::pin(async move { answer.map_err(failure) })
        });
        (PageStream::new(fetch, shape(), config), sent)
    }

    fn fast(max_consecutive_failures: u32) -> PaginationConfig<Key> {
        PaginationConfig { max_consecutive_failures, failure_backoff: Duration::from_millis(1), ..PaginationConfig::default() }
    }

    #[test]
    fn a_transient_failure_keeps_the_place_and_the_next_poll_fetches_the_page_again() {
        let script = vec![
            Ok(Page { items: vec![1], next: Some(key("b")) }),
            Err(true),
            Err(true),
            Ok(Page { items: vec![2], next: None }),
        ];
        let (mut pages, sent) = scripted(script, fast(3));
        let mut items = Vec::new();
        let mut errors = 0;
        block_on(async {
            while let Some(page) = pages.next().await {
                match page {
                    Ok(page) => items.extend(page.items),
                    Err(e) => {
                        assert!(e.is_transient());
                        errors += 1;
                        // The failed page is where a new paginator would start.
                        assert_eq!(pages.resume_token(), Some(&key("b")));
                    }
                }
            }
        });
        assert_eq!((items, errors), (vec![1, 2], 2));
        assert_eq!(*sent.lock().unwrap(), [None, Some(key("b")), Some(key("b")), Some(key("b"))]);
        assert_eq!(pages.end(), Some(&StreamEnd::LastPage));
    }

    #[test]
    fn too_many_failures_in_a_row_end_the_stream_and_a_success_resets_the_count() {
        let script = vec![Err(true), Ok(Page { items: vec![1], next: Some(key("b")) }), Err(true), Err(true)];
        let (mut pages, sent) = scripted(script, fast(2));
        let results: Vec<bool> = block_on(async {
            let mut results = Vec::new();
            while let Some(page) = pages.next().await {
                results.push(page.is_ok());
            }
            results
        });
        assert_eq!(results, [false, true, false, false]);
        assert_eq!(sent.lock().unwrap().len(), 4);
        assert_eq!(pages.end(), Some(&StreamEnd::Failures(2)));
        assert_eq!(pages.resume_token(), Some(&key("b")));
    }

    #[test]
    fn a_permanent_failure_ends_the_stream_at_once() {
        let (mut pages, sent) = scripted(vec![Err(false)], fast(5));
        block_on(async {
            assert!(matches!(pages.next().await, Some(Err(SdkError::InvalidInput(_)))));
            assert!(pages.next().await.is_none());
        });
        assert_eq!(sent.lock().unwrap().len(), 1);
        assert_eq!(pages.end(), Some(&StreamEnd::Error));
    }

    #[test]
    fn failed_polls_back_off_doubling() {
        let script = vec![Err(true), Err(true), Err(true)];
        let config = PaginationConfig {
            max_consecutive_failures: 3,
            failure_backoff: Duration::from_millis(40),
            ..PaginationConfig::default()
        };
        let (mut pages, _) = scripted(script, config);
        let waited = block_on(async {
            // Paused, the clock advances only by the stream's sleeps.
            tokio::time::pause();
            let started = tokio::time::Instant::now();
            while pages.next().await.is_some() {}
            started.elapsed()
        });
        // 40 ms after the first failure, 80 ms after the second, none after the last (the
        // timer rounds each sleep up to its next millisecond tick).
        assert!((Duration::from_millis(120)..Duration::from_millis(125)).contains(&waited), "{waited:?}");
        assert_eq!(pages.end(), Some(&StreamEnd::Failures(3)));
    }

    #[test]
    fn resume_token_continues_where_max_pages_stopped() {
        let pages = vec![Page { items: vec![1], next: Some(key("b")) }, Page { items: vec![2], next: Some(key("c")) }];
        let config = PaginationConfig { max_pages: Some(2), starting_token: Some(key("a")), ..Default::default() };
        let (mut pages, sent) = stream(pages, config);
        block_on(async {
            while let Some(page) = pages.next().await {
                page.unwrap();
            }
        });
        assert_eq!(*sent.lock().unwrap(), [Some(key("a")), Some(key("b"))], "the starting token goes first");
        assert_eq!(pages.resume_token(), Some(&key("c")));
    }

    /// Tokens whose `Debug` forms are equal (a redacted member) are still told apart by value.
    #[test]
    fn seen_tokens_compare_by_value_not_by_debug_form() {
        #[derive(Clone, PartialEq)]
        struct Redacted(String);
        impl fmt::Debug for Redacted {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("***")
            }
        }
        let mut seen = SeenTokens::new();
        assert!(seen.insert(&Redacted("a".into())));
        assert!(seen.insert(&Redacted("b".into())), "a different value, though it prints the same");
        assert!(!seen.insert(&Redacted("a".into())));
        let mut seen = SeenTokens::new();
        assert!((0..10_000).all(|i| seen.insert(&i.to_string())));
        assert!(!seen.insert(&"9999".to_owned()));
    }

    #[test]
    fn string_tokens_keep_their_text_in_errors() {
        assert_eq!(token_text(&"abc".to_owned()), "abc");
        assert_eq!(token_text(&key("x")), r#"{"id": "x"}"#);
    }
}
