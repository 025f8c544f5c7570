//! [`ByteStream`]: the body of a streaming blob member (`@streaming` blob bound by
//! `@httpPayload`), sent or received chunk by chunk, never buffered whole by the client.
//!
//! A request body comes from bytes in memory, from a file ([`ByteStream::from_path`]: read in
//! chunks, its length known up front) or from any async stream of [`Bytes`] chunks
//! ([`ByteStream::from_stream`]). A response body is the connection's body as it arrives:
//! read it chunk by chunk ([`ByteStream::next`], or as a [`Stream`]) or whole
//! ([`ByteStream::collect`]).
//!
//! Bodies in memory and files are *replayable*: the client can read them again to hash them
//! for the signature and to retry. A stream is *one-shot*: it is signed `UNSIGNED-PAYLOAD`
//! and its request is retried only if none of it was read (a connect failure), since what was
//! sent cannot be sent again.
//!
//! A body that ends before the length it declared (a response's `Content-Length`, a stream's
//! [`with_length`](ByteStream::from_stream_with_length), a file that shrank) fails with a
//! [`ByteStreamError`] from the stream: never a silent short read.

use std::error::Error as StdError;
use std::fmt;
use std::future::Future;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use bytes::{Bytes, BytesMut};
use futures_core::Stream;

type BoxError = Box<dyn StdError + Send + Sync>;
type ChunkStream = Pin<Box<dyn Stream<Item = Result<Bytes, ByteStreamError>> + Send>>;
type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;

/// Files are read in chunks of this size.
const FILE_CHUNK_SIZE: usize = 64 * 1024;

/// A body read or written chunk by chunk: the type of streaming blob members.
///
/// Cloning is cheap and gives a body that reads from the start: a copy of bytes in memory,
/// the file opened again; a one-shot stream is shared, so only one of its clones can read it
/// (the others fail with "already read"). Two byte streams are equal when they hold the same
/// bytes in memory, name the same file and length, or share one stream.
pub struct ByteStream {
    source: Source,
    /// What reads `source`, made on the first poll. In a `Mutex` only to keep `ByteStream`
    /// `Sync` (inputs are shared across tasks); it is reached through `get_mut`, never locked.
    reader: Mutex<Option<Reader>>,
}

#[derive(Clone)]
enum Source {
    Bytes(Bytes),
    File { path: Arc<Path>, len: u64 },
    OneShot(Arc<OneShot>),
}

struct OneShot {
    stream: Mutex<Option<ChunkStream>>,
    len: Option<u64>,
}

enum Reader {
    Bytes(Option<Bytes>),
    Stream(ChunkStream),
}

/// Why a byte stream could not be read: an I/O error, a body shorter or longer than its
/// declared length, a one-shot stream read twice, or the error of the caller's stream.
#[derive(Debug)]
pub struct ByteStreamError {
    message: String,
    source: Option<BoxError>,
}

impl ByteStreamError {
    /// An error with `message`.
    pub fn new(message: impl Into<String>) -> Self {
        Self { message: message.into(), source: None }
    }

    /// Attaches the underlying error.
    pub fn with_source(mut self, source: impl Into<BoxError>) -> Self {
        self.source = Some(source.into());
        self
    }
}

impl fmt::Display for ByteStreamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if let Some(source) = &self.source {
            write!(f, ": {source}")?;
        }
        Ok(())
    }
}

impl StdError for ByteStreamError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.source.as_deref().map(|e| e as &(dyn StdError + 'static))
    }
}

impl ByteStream {
    fn with_source(source: Source) -> Self {
        Self { source, reader: Mutex::new(None) }
    }

    /// A body of `bytes`, in memory.
    pub fn new(bytes: impl Into<Bytes>) -> Self {
        Self::with_source(Source::Bytes(bytes.into()))
    }

    /// The file at `path`, read in chunks when sent; its length is taken now (and the body
    /// fails if the file is shorter when read).
    pub async fn from_path(path: impl AsRef<Path>) -> Result<Self, ByteStreamError> {
        let path = path.as_ref();
        let metadata = tokio::fs::metadata(path)
            .await
            .map_err(|e| ByteStreamError::new(format!("cannot read {}", path.display())).with_source(e))?;
        if !metadata.is_file() {
            return Err(ByteStreamError::new(format!("{} is not a file", path.display())));
        }
        Ok(Self::with_source(Source::File { path: Arc::from(path), len: metadata.len() }))
    }

    /// A one-shot body read from `stream`, of unknown length (sent with chunked transfer
    /// encoding; an operation whose member requires a length refuses it).
    pub fn from_stream<S, E>(stream: S) -> Self
    where
        S: Stream<Item = Result<Bytes, E>> + Send + 'static,
        E: Into<BoxError>,
    {
        Self::one_shot(Box::pin(MapErr::new(stream)), None)
    }

    /// A one-shot body read from `stream`, which must yield exactly `len` bytes (reading fails
    /// otherwise).
    pub fn from_stream_with_length<S, E>(stream: S, len: u64) -> Self
    where
        S: Stream<Item = Result<Bytes, E>> + Send + 'static,
        E: Into<BoxError>,
    {
        Self::one_shot(Box::pin(MapErr::new(stream)), Some(len))
    }

    fn one_shot(stream: ChunkStream, len: Option<u64>) -> Self {
        let stream = match len {
            Some(len) => Box::pin(ExactLength::new(stream, len, "the stream")) as ChunkStream,
            None => stream,
        };
        Self::with_source(Source::OneShot(Arc::new(OneShot { stream: Mutex::new(Some(stream)), len })))
    }

    /// A response body of the transport, checked against the `Content-Length` it declared.
    pub(crate) fn from_response(
        body: crate::client::ResponseBody,
        declared_len: Option<u64>,
    ) -> Self {
        let stream: ChunkStream = Box::pin(MapErr::new(body));
        let stream = match declared_len {
            Some(len) => Box::pin(ExactLength::new(stream, len, "the response body")) as ChunkStream,
            None => stream,
        };
        Self::with_source(Source::OneShot(Arc::new(OneShot { stream: Mutex::new(Some(stream)), len: declared_len })))
    }

    /// The length in bytes, if known before reading: bytes in memory, a file, a stream given
    /// its length, a response with `Content-Length`.
    pub fn content_length(&self) -> Option<u64> {
        match &self.source {
            Source::Bytes(bytes) => Some(bytes.len() as u64),
            Source::File { len, .. } => Some(*len),
            Source::OneShot(one_shot) => one_shot.len,
        }
    }

    /// Whether the body can be read more than once (bytes in memory, a file): hashed for the
    /// signature, and sent again on a retry.
    pub fn is_replayable(&self) -> bool {
        !matches!(self.source, Source::OneShot(_))
    }

    /// Whether reading the body from the start is still possible: a replayable body, or a
    /// one-shot stream nobody has started reading.
    pub fn is_unread(&self) -> bool {
        match &self.source {
            Source::OneShot(one_shot) => lock(&one_shot.stream).is_some(),
            _ => true,
        }
    }

    /// The bytes, if the body is held in memory.
    pub fn bytes(&self) -> Option<&Bytes> {
        match &self.source {
            Source::Bytes(bytes) => Some(bytes),
            _ => None,
        }
    }

    /// The next chunk, `None` at the end of the body.
    pub async fn next(&mut self) -> Option<Result<Bytes, ByteStreamError>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// Reads the whole body into memory.
    pub async fn collect(mut self) -> Result<Bytes, ByteStreamError> {
        if let (Source::Bytes(bytes), None) = (&self.source, self.reader.get_mut().unwrap_or_else(|e| e.into_inner())) {
            return Ok(bytes.clone());
        }
        let mut collected = Collected::default();
        while let Some(chunk) = self.next().await {
            collected.push(chunk?);
        }
        Ok(collected.finish())
    }

}

impl Source {
    /// A reader from the start of the body.
    fn reader(&self) -> Result<Reader, ByteStreamError> {
        Ok(match self {
            Source::Bytes(bytes) => Reader::Bytes((!bytes.is_empty()).then(|| bytes.clone())),
            Source::File { path, len } => {
                let file = FileChunks::new(PathBuf::from(&**path));
                Reader::Stream(Box::pin(ExactLength::new(Box::pin(file), *len, "the file")))
            }
            Source::OneShot(one_shot) => match lock(&one_shot.stream).take() {
                Some(stream) => Reader::Stream(stream),
                None => {
                    return Err(ByteStreamError::new(
                        "the body stream was already read: a one-shot stream can be read (and sent) once",
                    ))
                }
            },
        })
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // Poisoning cannot leave an `Option` half-written.
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

impl Stream for ByteStream {
    type Item = Result<Bytes, ByteStreamError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let ByteStream { source, reader } = self.get_mut();
        let reader = reader.get_mut().unwrap_or_else(|e| e.into_inner());
        if reader.is_none() {
            match source.reader() {
                Ok(new) => *reader = Some(new),
                Err(e) => return Poll::Ready(Some(Err(e))),
            }
        }
        match reader {
            Some(Reader::Bytes(bytes)) => Poll::Ready(bytes.take().map(Ok)),
            Some(Reader::Stream(stream)) => stream.as_mut().poll_next(cx),
            None => Poll::Ready(None),
        }
    }
}

impl Clone for ByteStream {
    fn clone(&self) -> Self {
        Self::with_source(self.source.clone())
    }
}

impl Default for ByteStream {
    /// An empty body.
    fn default() -> Self {
        Self::new(Bytes::new())
    }
}

impl PartialEq for ByteStream {
    fn eq(&self, other: &Self) -> bool {
        match (&self.source, &other.source) {
            (Source::Bytes(a), Source::Bytes(b)) => a == b,
            (Source::File { path: a, len: m }, Source::File { path: b, len: n }) => a == b && m == n,
            (Source::OneShot(a), Source::OneShot(b)) => Arc::ptr_eq(a, b),
            _ => false,
        }
    }
}

impl fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The contents are never printed: they may be sensitive, and a stream cannot be.
        match &self.source {
            Source::Bytes(bytes) => write!(f, "ByteStream({} bytes)", bytes.len()),
            Source::File { path, len } => write!(f, "ByteStream(file {}, {len} bytes)", path.display()),
            Source::OneShot(one_shot) => match one_shot.len {
                Some(len) => write!(f, "ByteStream(stream, {len} bytes)"),
                None => f.write_str("ByteStream(stream)"),
            },
        }
    }
}

impl From<Bytes> for ByteStream {
    fn from(bytes: Bytes) -> Self {
        Self::new(bytes)
    }
}

impl From<Vec<u8>> for ByteStream {
    fn from(bytes: Vec<u8>) -> Self {
        Self::new(bytes)
    }
}

impl From<String> for ByteStream {
    fn from(text: String) -> Self {
        Self::new(text)
    }
}

impl From<&'static [u8]> for ByteStream {
    fn from(bytes: &'static [u8]) -> Self {
        Self::new(Bytes::from_static(bytes))
    }
}

impl From<&'static str> for ByteStream {
    fn from(text: &'static str) -> Self {
        Self::new(Bytes::from_static(text.as_bytes()))
    }
}

/// A stream of chunks with the caller's error type turned into [`ByteStreamError`] (boxed:
/// the caller's stream need not be `Unpin`).
struct MapErr<S>(Pin<Box<S>>);

impl<S> MapErr<S> {
    fn new(stream: S) -> Self {
        Self(Box::pin(stream))
    }
}

impl<S, E> Stream for MapErr<S>
where
    S: Stream<Item = Result<Bytes, E>>,
    E: Into<BoxError>,
{
    type Item = Result<Bytes, ByteStreamError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().0.as_mut().poll_next(cx).map(|item| {
            item.map(|chunk| chunk.map_err(|e| ByteStreamError::new("the body stream failed").with_source(e)))
        })
    }
}

/// A stream that must yield exactly `expected` bytes: fewer (the connection closed early, the
/// file shrank) or more is an error from the stream, never a silent short or long read.
struct ExactLength {
    inner: ChunkStream,
    expected: u64,
    seen: u64,
    what: &'static str,
    failed: bool,
}

impl ExactLength {
    fn new(inner: ChunkStream, expected: u64, what: &'static str) -> Self {
        Self { inner, expected, seen: 0, what, failed: false }
    }
}

impl Stream for ExactLength {
    type Item = Result<Bytes, ByteStreamError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if this.failed {
            return Poll::Ready(None);
        }
        let item = match this.inner.as_mut().poll_next(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(item) => item,
        };
        let (what, expected) = (this.what, this.expected);
        let mismatch = match &item {
            Some(Ok(chunk)) => {
                this.seen = this.seen.saturating_add(chunk.len() as u64);
                (this.seen > expected)
                    .then(|| format!("{what} has more than the {expected} bytes it declared"))
            }
            None if this.seen < expected => {
                Some(format!("{what} ended after {} of the {expected} bytes it declared", this.seen))
            }
            _ => None,
        };
        match mismatch {
            Some(message) => {
                this.failed = true;
                Poll::Ready(Some(Err(ByteStreamError::new(message))))
            }
            None => Poll::Ready(item),
        }
    }
}

/// A file read in chunks of [`FILE_CHUNK_SIZE`], opened on the first poll.
struct FileChunks {
    state: FileState,
}

enum FileState {
    Opening(BoxFuture<std::io::Result<tokio::fs::File>>),
    Reading(tokio::fs::File),
    Done,
}

impl FileChunks {
    fn new(path: PathBuf) -> Self {
        Self { state: FileState::Opening(Box::pin(async move { tokio::fs::File::open(path).await })) }
    }
}

impl Stream for FileChunks {
    type Item = Result<Bytes, ByteStreamError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            match &mut this.state {
                FileState::Opening(open) => match open.as_mut().poll(cx) {
                    Poll::Pending => return Poll::Pending,
                    Poll::Ready(Ok(file)) => this.state = FileState::Reading(file),
                    Poll::Ready(Err(e)) => {
                        this.state = FileState::Done;
                        return Poll::Ready(Some(Err(ByteStreamError::new("cannot open the body's file").with_source(e))));
                    }
                },
                FileState::Reading(file) => {
                    let mut chunk = vec![0u8; FILE_CHUNK_SIZE];
                    let mut buf = tokio::io::ReadBuf::new(&mut chunk);
                    return match tokio::io::AsyncRead::poll_read(Pin::new(file), cx, &mut buf) {
                        Poll::Pending => Poll::Pending,
                        Poll::Ready(Err(e)) => {
                            this.state = FileState::Done;
                            Poll::Ready(Some(Err(ByteStreamError::new("cannot read the body's file").with_source(e))))
                        }
                        Poll::Ready(Ok(())) if buf.filled().is_empty() => {
                            this.state = FileState::Done;
                            Poll::Ready(None)
                        }
                        Poll::Ready(Ok(())) => {
                            let read = buf.filled().len();
                            chunk.truncate(read);
                            Poll::Ready(Some(Ok(Bytes::from(chunk))))
                        }
                    };
                }
                FileState::Done => return Poll::Ready(None),
            }
        }
    }
}

/// SHA-256 digests of a replayable body, read once: the whole payload's (hex, as SigV4 and
/// `x-amz-content-sha256` take it) and, if asked, the SHA-256 tree hash (Glacier's
/// `x-amz-sha256-tree-hash`: the digests of 1 MiB chunks combined pairwise up to one).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PayloadDigests {
    /// The hex SHA-256 of the payload.
    pub sha256: String,
    /// The hex SHA-256 tree hash, when asked for.
    pub tree_hash: Option<String>,
}

/// The chunk size of the SHA-256 tree hash.
const TREE_HASH_CHUNK: usize = 1024 * 1024;

impl PayloadDigests {
    /// Reads `body` (a clone of it: the body itself stays unread) and digests it; `None` for a
    /// one-shot stream, which cannot be read twice.
    pub async fn of(body: &ByteStream, tree_hash: bool) -> Result<Option<Self>, ByteStreamError> {
        use sha2::Digest as _;
        if !body.is_replayable() {
            return Ok(None);
        }
        let mut whole = sha2::Sha256::new();
        let mut leaves: Vec<[u8; 32]> = Vec::new();
        let mut leaf = sha2::Sha256::new();
        let mut leaf_len = 0usize;
        let mut reader = body.clone();
        while let Some(chunk) = reader.next().await {
            let chunk = chunk?;
            whole.update(&chunk);
            if !tree_hash {
                continue;
            }
            let mut rest = &chunk[..];
            while !rest.is_empty() {
                let take = rest.len().min(TREE_HASH_CHUNK - leaf_len);
                leaf.update(&rest[..take]);
                leaf_len += take;
                rest = &rest[take..];
                if leaf_len == TREE_HASH_CHUNK {
                    leaves.push(std::mem::take(&mut leaf).finalize().into());
                    leaf_len = 0;
                }
            }
        }
        let tree_hash = tree_hash.then(|| {
            // An empty payload has one leaf: the digest of nothing.
            if leaf_len > 0 || leaves.is_empty() {
                leaves.push(leaf.finalize().into());
            }
            hex(&combine_tree(leaves))
        });
        Ok(Some(Self { sha256: hex(&whole.finalize()), tree_hash }))
    }
}

/// Combines leaf digests pairwise, level by level (an odd one out goes up as it is), to the
/// root.
fn combine_tree(mut level: Vec<[u8; 32]>) -> [u8; 32] {
    use sha2::Digest as _;
    while level.len() > 1 {
        level = level
            .chunks(2)
            .map(|pair| match pair {
                [left, right] => sha2::Sha256::new().chain_update(left).chain_update(right).finalize().into(),
                odd => odd.first().copied().unwrap_or_default(),
            })
            .collect();
    }
    level.first().copied().unwrap_or_default()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Chunks gathered into one `Bytes`; a body of one chunk is returned without a copy.
#[derive(Default)]
pub(crate) struct Collected {
    first: Option<Bytes>,
    rest: BytesMut,
}

impl Collected {
    /// Appends a chunk.
    pub(crate) fn push(&mut self, chunk: Bytes) {
        if chunk.is_empty() {
            return;
        }
        match self.first.take() {
            None if self.rest.is_empty() => self.first = Some(chunk),
            Some(first) => {
                self.rest.extend_from_slice(&first);
                self.rest.extend_from_slice(&chunk);
            }
            None => self.rest.extend_from_slice(&chunk),
        }
    }

    /// The whole body.
    pub(crate) fn finish(self) -> Bytes {
        self.first.unwrap_or_else(|| self.rest.freeze())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sha2::Digest as _;

    struct Chunks(std::vec::IntoIter<Result<Bytes, std::io::Error>>);

    impl Stream for Chunks {
        type Item = Result<Bytes, std::io::Error>;
        fn poll_next(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Self::Item>> {
            Poll::Ready(self.0.next())
        }
    }

    fn chunks(parts: &[&'static str]) -> Chunks {
        Chunks(parts.iter().map(|p| Ok(Bytes::from_static(p.as_bytes()))).collect::<Vec<_>>().into_iter())
    }

    fn block_on<F: Future>(future: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map(|rt| rt.block_on(future))
            .unwrap_or_else(|e| panic!("{e}"))
    }

    /// A file under the system's temporary directory, removed when dropped.
    struct TempFile(PathBuf);

    impl TempFile {
        fn new(name: &str, contents: &[u8]) -> Self {
            let path = std::env::temp_dir().join(format!("awsgen-body-{}-{name}", std::process::id()));
            std::fs::write(&path, contents).unwrap_or_else(|e| panic!("{e}"));
            Self(path)
        }
    }

    impl Drop for TempFile {
        fn drop(&mut self) {
            let _ = std::fs::remove_file(&self.0);
        }
    }

    #[test]
    fn bytes_are_replayable_and_read_whole() {
        let body = ByteStream::from("hello");
        assert_eq!((body.content_length(), body.is_replayable()), (Some(5), true));
        assert_eq!(block_on(body.clone().collect()).unwrap(), "hello");
        assert_eq!(block_on(body.collect()).unwrap(), "hello", "a clone reads from the start");
        assert_eq!(block_on(ByteStream::default().collect()).unwrap(), "");
    }

    #[test]
    fn a_file_is_read_in_chunks_and_again_for_each_clone() {
        let contents: Vec<u8> = (0..FILE_CHUNK_SIZE * 2 + 10).map(|i| (i % 251) as u8).collect();
        let file = TempFile::new("chunks", &contents);
        block_on(async {
            let body = ByteStream::from_path(&file.0).await.unwrap();
            assert_eq!((body.content_length(), body.is_replayable()), (Some(contents.len() as u64), true));
            let mut reader = body.clone();
            let mut sizes = Vec::new();
            let mut read = Vec::new();
            while let Some(chunk) = reader.next().await {
                let chunk = chunk.unwrap();
                sizes.push(chunk.len());
                read.extend_from_slice(&chunk);
            }
            assert_eq!(read, contents);
            assert!(sizes.iter().all(|s| *s <= FILE_CHUNK_SIZE), "{sizes:?}");
            assert!(sizes.len() >= 3, "{sizes:?}");
            assert_eq!(body.collect().await.unwrap(), contents);
        });
    }

    #[test]
    fn a_file_that_shrank_fails_instead_of_reading_short() {
        let file = TempFile::new("shrink", b"0123456789");
        block_on(async {
            let body = ByteStream::from_path(&file.0).await.unwrap();
            std::fs::write(&file.0, b"0123").unwrap();
            let error = body.collect().await.unwrap_err().to_string();
            assert!(error.contains("ended after 4 of the 10 bytes"), "{error}");
            let missing = ByteStream::from_path(file.0.with_extension("absent")).await.unwrap_err();
            assert!(missing.to_string().contains("cannot read"), "{missing}");
        });
    }

    #[test]
    fn a_stream_is_read_once_and_checked_against_its_length() {
        let body = ByteStream::from_stream(chunks(&["ab", "cd"]));
        assert_eq!((body.content_length(), body.is_replayable(), body.is_unread()), (None, false, true));
        let clone = body.clone();
        assert_eq!(block_on(body.collect()).unwrap(), "abcd");
        assert!(!clone.is_unread());
        let again = block_on(clone.collect()).unwrap_err().to_string();
        assert!(again.contains("already read"), "{again}");

        let short = ByteStream::from_stream_with_length(chunks(&["ab"]), 3);
        assert_eq!(short.content_length(), Some(3));
        let error = block_on(short.collect()).unwrap_err().to_string();
        assert!(error.contains("ended after 2 of the 3 bytes"), "{error}");
        let long = ByteStream::from_stream_with_length(chunks(&["ab", "cd"]), 3);
        assert!(block_on(long.collect()).unwrap_err().to_string().contains("more than the 3 bytes"));
        let failing = ByteStream::from_stream(Chunks(vec![Err(std::io::Error::other("disk on fire"))].into_iter()));
        assert!(block_on(failing.collect()).unwrap_err().to_string().contains("disk on fire"));
    }

    #[test]
    fn equality_and_debug_never_read_the_body() {
        assert_eq!(ByteStream::from("a"), ByteStream::from(b"a".to_vec()));
        assert_ne!(ByteStream::from("a"), ByteStream::from("b"));
        let stream = ByteStream::from_stream(chunks(&["secret"]));
        assert_eq!(stream, stream.clone());
        assert_ne!(stream, ByteStream::from_stream(chunks(&["secret"])));
        assert_eq!(format!("{:?}", ByteStream::from("secret")), "ByteStream(6 bytes)");
        assert_eq!(format!("{stream:?}"), "ByteStream(stream)");
    }

    #[test]
    fn digests_match_sha256_and_the_tree_hash() {
        let hello = block_on(PayloadDigests::of(&ByteStream::from("hello world"), true)).unwrap().unwrap();
        // One chunk: the tree hash is the payload's SHA-256 (Glacier's protocol test values).
        let expected = "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9";
        assert_eq!((hello.sha256.as_str(), hello.tree_hash.as_deref()), (expected, Some(expected)));

        // 2.5 MiB: leaves of 1, 1 and 0.5 MiB; the first two combined, then with the third.
        let payload: Vec<u8> = (0..TREE_HASH_CHUNK * 5 / 2).map(|i| (i % 7) as u8).collect();
        let leaf = |range: std::ops::Range<usize>| sha2::Sha256::digest(&payload[range]);
        let (a, b, c) =
            (leaf(0..TREE_HASH_CHUNK), leaf(TREE_HASH_CHUNK..2 * TREE_HASH_CHUNK), leaf(2 * TREE_HASH_CHUNK..payload.len()));
        let ab = sha2::Sha256::new().chain_update(a).chain_update(b).finalize();
        let root = sha2::Sha256::new().chain_update(ab).chain_update(c).finalize();
        let split = ByteStream::from_stream_with_length(chunks(&[]), 0);
        assert_eq!(block_on(PayloadDigests::of(&split, true)).unwrap(), None, "a one-shot stream is not read");
        let digests = block_on(PayloadDigests::of(&ByteStream::from(payload.clone()), true)).unwrap().unwrap();
        assert_eq!(digests.tree_hash, Some(hex(&root)));
        assert_eq!(digests.sha256, hex(&sha2::Sha256::digest(&payload)));
        let plain = block_on(PayloadDigests::of(&ByteStream::from(payload), false)).unwrap().unwrap();
        assert_eq!(plain.tree_hash, None);
        let empty = block_on(PayloadDigests::of(&ByteStream::default(), true)).unwrap().unwrap();
        assert_eq!(empty.tree_hash.as_deref(), Some(empty.sha256.as_str()));
    }
}
