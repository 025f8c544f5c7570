//! A small JSON writer: generated serializers call it member by member.

/// Writes one JSON document into a byte buffer, inserting commas as needed.
#[derive(Debug, Default)]
pub struct JsonWriter {
    out: Vec<u8>,
    /// Whether the innermost open object/array already has an entry.
    needs_comma: Vec<bool>,
}

impl JsonWriter {
    /// An empty writer.
    pub fn new() -> Self {
        Self::default()
    }

    /// The bytes written so far.
    pub fn finish(self) -> Vec<u8> {
        self.out
    }

    fn separator(&mut self) {
        if let Some(has_entry) = self.needs_comma.last_mut() {
            if *has_entry {
                self.out.push(b',');
            }
            *has_entry = true;
        }
    }

    /// Opens `{`.
    pub fn begin_object(&mut self) {
        self.out.push(b'{');
        self.needs_comma.push(false);
    }

    /// Closes `}`.
    pub fn end_object(&mut self) {
        self.needs_comma.pop();
        self.out.push(b'}');
    }

    /// Opens `[`.
    pub fn begin_array(&mut self) {
        self.out.push(b'[');
        self.needs_comma.push(false);
    }

    /// Closes `]`.
    pub fn end_array(&mut self) {
        self.needs_comma.pop();
        self.out.push(b']');
    }

    /// Starts an array element (writes the comma if needed).
    pub fn element(&mut self) {
        self.separator();
    }

    /// Writes an object key and the colon.
    pub fn key(&mut self, key: &str) {
        self.separator();
        self.write_escaped(key);
        self.out.push(b':');
    }

    /// Writes an escaped JSON string.
    pub fn string(&mut self, value: &str) {
        self.write_escaped(value);
    }

    /// Writes `null`.
    pub fn null(&mut self) {
        self.out.extend_from_slice(b"null");
    }

    /// Writes pre-formatted JSON text (a number or literal).
    pub fn raw(&mut self, text: &str) {
        self.out.extend_from_slice(text.as_bytes());
    }

    /// Writes a value through its `Display` (integers and booleans).
    pub fn raw_display(&mut self, value: impl std::fmt::Display) {
        use std::io::Write as _;
        // Writing to a Vec cannot fail.
        let _ = write!(self.out, "{value}");
    }

    /// Writes a finite `f64` in its shortest round-trip form.
    pub fn float(&mut self, value: f64) {
        if value.fract() == 0.0 && value.abs() < 1e15 {
            self.raw_display(value as i64);
        } else {
            self.raw_display(value);
        }
    }

    /// Writes a finite `f32` in its shortest round-trip form.
    pub fn float32(&mut self, value: f32) {
        if value.fract() == 0.0 && value.abs() < 1e7 {
            self.raw_display(value as i64);
        } else {
            self.raw_display(value);
        }
    }

    /// Writes a document value as-is.
    pub fn document(&mut self, value: &serde_json::Value) {
        // Serializing a Value into a Vec cannot fail.
        let _ = serde_json::to_writer(&mut self.out, value);
    }

    fn write_escaped(&mut self, value: &str) {
        // serde_json's escaping, written straight into our buffer.
        let _ = serde_json::to_writer(&mut self.out, value);
    }
}
