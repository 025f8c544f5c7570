//! Printing the runtime's macros as a hand-written invocation reads: prettyplease flows a
//! macro's tokens into lines of 100 columns (spaced as an expression: `Name < C >`, and docs
//! as `#[doc = ".."]`), since it cannot know their grammar.
//!
//! Before printing, each such invocation is swapped for a placeholder `__awsgen_entries_N!();`
//! and printed here. The entry macros (`awsgen_runtime::accessors! { .. }`) have one entry a
//! line: its attributes, then tokens up to a `;`; `#[doc]` attributes become `///` lines.
//! The item macros (`awsgen_runtime::string_enum! { pub enum Color { Red = "red" } }`) are
//! printed as prettyplease prints the item inside.
//! The call macros (`awsgen_runtime::debug_fields!(Name { a, b: redacted });`) fit on one line
//! or have their comma-separated arguments (those in a closing `{ .. }`, if any) flowed into
//! lines of 100 columns.

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};
use syn::visit_mut::VisitMut;

/// The runtime macros whose bodies are entries ending in `;`.
const ENTRY_MACROS: &[&str] = &["accessors", "operation_error", "operation"];

/// The runtime macros whose body is a Rust item (`pub enum Name { Variant = "value", .. }`),
/// printed as prettyplease prints that item.
const ITEM_MACROS: &[&str] = &["string_enum", "int_enum"];

const PLACEHOLDER: &str = "__awsgen_entries_";

/// The widest line the call macros are flowed to, as prettyplease and rustfmt do.
const MAX_WIDTH: usize = 100;

/// An invocation's text, to be put in place of its placeholder.
pub enum Printed {
    /// Lines without their indentation.
    Lines(Vec<String>),
    /// A call macro: `head`, then `items` separated by `, `, then `tail`, on one line if it
    /// fits at the placeholder's indentation, else flowed.
    Call { head: String, items: Vec<String>, tail: String },
}

impl Printed {
    /// The lines at `indent` (blank lines without it).
    fn lines(&self, indent: &str) -> Vec<String> {
        let indented = |text: &str| if text.is_empty() { String::new() } else { format!("{indent}{text}") };
        match self {
            Printed::Lines(lines) => lines.iter().map(|line| indented(line)).collect(),
            Printed::Call { head, items, tail } => {
                let one_line = format!("{indent}{head}{}{tail}", items.join(", "));
                if one_line.len() <= MAX_WIDTH {
                    return vec![one_line];
                }
                let mut lines = vec![indented(head.trim_end())];
                let inner = format!("{indent}    ");
                let mut line = inner.clone();
                for (i, item) in items.iter().enumerate() {
                    let separator = if i + 1 < items.len() { "," } else { "" };
                    if line.len() > inner.len() && line.len() + 1 + item.len() + separator.len() > MAX_WIDTH {
                        lines.push(std::mem::replace(&mut line, inner.clone()).trim_end().to_owned());
                    }
                    line.push_str(item);
                    line.push_str(separator);
                    line.push(' ');
                }
                lines.push(line.trim_end().to_owned());
                lines.push(indented(tail.trim_start()));
                lines
            }
        }
    }
}

/// Swaps each runtime macro of `file` this module prints for a placeholder; returns the
/// invocations' texts, by placeholder number. `home` is the file's module: paths into it are
/// shortened, as for the rest of the file.
pub fn take(file: &mut syn::File, home: &[String]) -> Vec<Printed> {
    let mut taker = Taker { home, texts: Vec::new() };
    taker.visit_file_mut(file);
    taker.texts
}

/// `printed` with each placeholder line replaced by its invocation's lines, at its indentation.
pub fn restore(printed: &str, texts: &[Printed]) -> String {
    if texts.is_empty() {
        return printed.to_owned();
    }
    let mut out = String::with_capacity(printed.len() * 2);
    for line in printed.lines() {
        let text = line.trim_start();
        let index = text.strip_prefix(PLACEHOLDER).and_then(|rest| rest.strip_suffix("!();")).and_then(|n| n.parse::<usize>().ok());
        match index.and_then(|i| texts.get(i)) {
            Some(invocation) => {
                for text in invocation.lines(&line[..line.len() - text.len()]) {
                    out.push_str(&text);
                    out.push('\n');
                }
            }
            None => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out
}

struct Taker<'a> {
    home: &'a [String],
    texts: Vec<Printed>,
}

impl Taker<'_> {
    /// The placeholder for `mac` if it is a runtime macro printed here (its text kept), else
    /// `None`.
    fn take(&mut self, mac: &syn::Macro) -> Option<syn::Macro> {
        let segments: Vec<String> = mac.path.segments.iter().map(|s| s.ident.to_string()).collect();
        let [runtime, name] = segments.as_slice() else { return None };
        if runtime != "awsgen_runtime" {
            return None;
        }
        let printed = match mac.delimiter {
            syn::MacroDelimiter::Brace(_) if ENTRY_MACROS.contains(&name.as_str()) => {
                let mut lines = vec![format!("awsgen_runtime::{name}! {{")];
                lines.extend(entries(mac.tokens.clone(), self.home).into_iter().map(|l| format!("    {l}")));
                lines.push("}".to_owned());
                Printed::Lines(lines)
            }
            syn::MacroDelimiter::Brace(_) if ITEM_MACROS.contains(&name.as_str()) => {
                let body = prettyplease::unparse(&syn::parse2::<syn::File>(mac.tokens.clone()).ok()?);
                let mut lines = vec![format!("awsgen_runtime::{name}! {{")];
                lines.extend(body.lines().map(|l| if l.is_empty() { String::new() } else { format!("    {l}") }));
                lines.push("}".to_owned());
                Printed::Lines(lines)
            }
            syn::MacroDelimiter::Paren(_) => call(name, mac.tokens.clone(), self.home),
            _ => return None,
        };
        let placeholder = quote::format_ident!("{PLACEHOLDER}{}", self.texts.len());
        self.texts.push(printed);
        Some(syn::parse_quote!(#placeholder!()))
    }
}

/// A call macro's text: its comma-separated arguments, or those of a closing `{ .. }` group
/// after the words before it.
fn call(name: &str, tokens: TokenStream, home: &[String]) -> Printed {
    let mut tokens: Vec<TokenTree> = tokens.into_iter().collect();
    let list = match tokens.last() {
        Some(TokenTree::Group(group)) if group.delimiter() == Delimiter::Brace => Some(group.stream()),
        _ => None,
    };
    match list {
        Some(list) => {
            tokens.pop();
            let before = words_text(&words(tokens, home));
            let items = comma_separated(list, home);
            let (head, tail) = if items.is_empty() { (format!("{before} {{}}"), String::new()) } else { (format!("{before} {{ "), " }".to_owned()) };
            Printed::Call { head: format!("awsgen_runtime::{name}!({head}"), items, tail: format!("{tail});") }
        }
        None => Printed::Call { head: format!("awsgen_runtime::{name}!("), items: comma_separated(tokens.into_iter().collect(), home), tail: ");".to_owned() },
    }
}

/// The texts of the comma-separated parts of `tokens` (commas inside groups belong to them).
fn comma_separated(tokens: TokenStream, home: &[String]) -> Vec<String> {
    let mut parts = Vec::new();
    let mut part = Vec::new();
    for token in tokens {
        match &token {
            TokenTree::Punct(p) if p.as_char() == ',' => parts.push(std::mem::take(&mut part)),
            _ => part.push(token),
        }
    }
    if !part.is_empty() {
        parts.push(part);
    }
    parts.into_iter().map(|part| words_text(&words(part, home))).collect()
}

impl VisitMut for Taker<'_> {
    fn visit_impl_item_macro_mut(&mut self, item: &mut syn::ImplItemMacro) {
        if let Some(placeholder) = self.take(&item.mac) {
            item.mac = placeholder;
            item.semi_token = Some(Default::default());
        }
    }

    fn visit_item_macro_mut(&mut self, item: &mut syn::ItemMacro) {
        if let Some(placeholder) = self.take(&item.mac) {
            item.mac = placeholder;
            item.semi_token = Some(Default::default());
        }
    }
}

/// The lines of a body of entries: docs as `///` lines, other attributes and each entry's
/// tokens on one line.
fn entries(tokens: TokenStream, home: &[String]) -> Vec<String> {
    let mut lines = Vec::new();
    let mut entry: Vec<TokenTree> = Vec::new();
    let mut tokens = tokens.into_iter().peekable();
    while let Some(token) = tokens.next() {
        match &token {
            TokenTree::Punct(p) if p.as_char() == '#' && entry.is_empty() => {
                if let Some(TokenTree::Group(group)) = tokens.next_if(|t| matches!(t, TokenTree::Group(g) if g.delimiter() == Delimiter::Bracket)) {
                    lines.push(attribute(group.stream(), home));
                    continue;
                }
                entry.push(token);
            }
            TokenTree::Punct(p) if p.as_char() == ';' => lines.extend(entry_lines(std::mem::take(&mut entry), home)),
            _ => entry.push(token),
        }
    }
    if !entry.is_empty() {
        lines.push(words_text(&words(entry, home)));
    }
    lines
}

/// An entry's lines (at the body's indentation of four spaces): one, or, if that is wider
/// than 100 columns and the entry ends in a `{ .. }` list, the list's items flowed.
fn entry_lines(tokens: Vec<TokenTree>, home: &[String]) -> Vec<String> {
    const BODY_INDENT: &str = "    ";
    let line = format!("{};", words_text(&words(tokens.clone(), home)));
    let list = match tokens.last() {
        Some(TokenTree::Group(group)) if group.delimiter() == Delimiter::Brace => group.stream(),
        _ => return vec![line],
    };
    if BODY_INDENT.len() + line.len() <= MAX_WIDTH {
        return vec![line];
    }
    let head = words_text(&words(tokens[..tokens.len() - 1].to_vec(), home));
    let flowed = Printed::Call { head: format!("{head} {{ "), items: comma_separated(list, home), tail: " };".to_owned() };
    flowed.lines(BODY_INDENT).into_iter().map(|l| l.strip_prefix(BODY_INDENT).map(str::to_owned).unwrap_or(l)).collect()
}

/// `/// text` for a doc attribute, `#[..]` for any other.
fn attribute(inner: TokenStream, home: &[String]) -> String {
    if let Ok(syn::MetaNameValue { path, value: syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(text), .. }), .. }) = syn::parse2(inner.clone()) {
        if path.is_ident("doc") {
            let text = text.value();
            return format!("///{}", text.trim_end());
        }
    }
    format!("#[{}]", words_text(&words(inner.into_iter().collect(), home)))
}

/// A printable unit: an identifier or literal, an operator (`::`, `=>` joined), or a group
/// already printed.
#[derive(PartialEq)]
enum Word {
    Ident(String),
    Literal(String),
    Op(String),
    Group(Delimiter, String),
}

fn words(tokens: Vec<TokenTree>, home: &[String]) -> Vec<Word> {
    let mut out: Vec<Word> = Vec::new();
    let mut joint: Option<String> = None;
    for token in tokens {
        match token {
            TokenTree::Punct(p) => {
                let mut op = joint.take().unwrap_or_default();
                op.push(p.as_char());
                if p.spacing() == Spacing::Joint && p.as_char() != '\'' {
                    joint = Some(op);
                } else {
                    out.push(Word::Op(op));
                }
            }
            TokenTree::Ident(ident) => {
                if let Some(op) = joint.take() {
                    // A lifetime: `'` then its name.
                    out.push(Word::Ident(format!("{op}{ident}")));
                } else {
                    out.push(Word::Ident(ident.to_string()));
                }
            }
            TokenTree::Literal(literal) => out.push(Word::Literal(literal.to_string())),
            TokenTree::Group(group) => {
                let inner = words_text(&words(group.stream().into_iter().collect(), home));
                out.push(Word::Group(group.delimiter(), inner));
            }
        }
    }
    if let Some(op) = joint {
        out.push(Word::Op(op));
    }
    unqualify(out, home)
}

/// Drops `home::` before a path into the file's own module (`crate::operation::x::Item`
/// becomes `Item`), as `render` does for the rest of the file.
fn unqualify(words: Vec<Word>, home: &[String]) -> Vec<Word> {
    let prefix: Vec<Word> = home.iter().flat_map(|segment| [Word::Ident(segment.clone()), Word::Op("::".to_owned())]).collect();
    if prefix.is_empty() {
        return words;
    }
    let mut keep = vec![true; words.len()];
    let mut i = 0;
    while i + prefix.len() < words.len() {
        let starts_path = i == 0 || words[i - 1] != Word::Op("::".to_owned());
        if starts_path && words[i..i + prefix.len()] == prefix[..] && matches!(words[i + prefix.len()], Word::Ident(_)) {
            keep[i..i + prefix.len()].fill(false);
            i += prefix.len();
        } else {
            i += 1;
        }
    }
    words.into_iter().zip(keep).filter_map(|(word, keep)| keep.then_some(word)).collect()
}

/// The words joined as rustfmt would space them in a type or a short list.
fn words_text(words: &[Word]) -> String {
    let mut out = String::new();
    for (i, word) in words.iter().enumerate() {
        let previous = i.checked_sub(1).map(|p| &words[p]);
        let space = match (previous, word) {
            (None, _) => false,
            (_, Word::Op(op)) if matches!(op.as_str(), "," | ";" | "::" | ":" | "<" | ">" | ">>" | "?" | ".") => false,
            (Some(Word::Op(op)), _) if matches!(op.as_str(), "::" | "<" | "&" | "#" | "!" | ".") => false,
            (Some(Word::Ident(_)), Word::Group(Delimiter::Parenthesis | Delimiter::Bracket, _)) => false,
            (Some(Word::Op(op)), Word::Group(Delimiter::Bracket, _)) if op == "#" => false,
            _ => true,
        };
        if space {
            out.push(' ');
        }
        match word {
            Word::Ident(text) | Word::Literal(text) | Word::Op(text) => out.push_str(text),
            Word::Group(delimiter, inner) => {
                let (open, close) = match delimiter {
                    Delimiter::Parenthesis => ("(", ")"),
                    Delimiter::Bracket => ("[", "]"),
                    Delimiter::Brace => ("{ ", " }"),
                    Delimiter::None => ("", ""),
                };
                out.push_str(open);
                out.push_str(inner);
                out.push_str(close);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    fn print(tokens: TokenStream, home: &[&str]) -> String {
        let home: Vec<String> = home.iter().map(|s| (*s).to_owned()).collect();
        let mut file: syn::File = syn::parse2(tokens).expect("parses");
        let texts = take(&mut file, &home);
        restore(&prettyplease::unparse(&file), &texts)
    }

    #[test]
    fn entries_are_printed_one_a_line_with_docs() {
        let text = print(
            quote! {
                impl<C> B<C> {
                    awsgen_runtime::accessors! {
                        #[doc = " The name."]
                        #[doc = ""]
                        #[doc = " Two lines."]
                        value name(set_name, get_name): String;
                        map tags(set_tags, get_tags): String => Vec<crate::types::Tag>;
                        list own(set_own, get_own): crate::operation::x::Local;
                        value r#type(set_type, get_type) for r#type: std::collections::BTreeMap<String, Option<i32> >;
                    }
                    fn other() {}
                }
            },
            &["crate", "operation", "x"],
        );
        let expected = "impl<C> B<C> {
    awsgen_runtime::accessors! {
        /// The name.
        ///
        /// Two lines.
        value name(set_name, get_name): String;
        map tags(set_tags, get_tags): String => Vec<crate::types::Tag>;
        list own(set_own, get_own): Local;
        value r#type(set_type, get_type) for r#type: std::collections::BTreeMap<String, Option<i32>>;
    }
    fn other() {}
}
";
        assert_eq!(text, expected);
    }

    #[test]
    fn a_long_entry_has_its_closing_list_flowed() {
        let text = print(
            quote! {
                awsgen_runtime::operation! {
                    pub struct Op = "Op": OpInput => OpOutput, OpError;
                    pub type OpFluentBuilder = crate::operation::op::OpInputBuilder { first_member_with_a_long_name, second_member_with_a_long_name, third };
                }
            },
            &["crate", "operation", "op"],
        );
        let expected = "awsgen_runtime::operation! {
    pub struct Op = \"Op\": OpInput => OpOutput, OpError;
    pub type OpFluentBuilder = OpInputBuilder {
        first_member_with_a_long_name, second_member_with_a_long_name, third
    };
}
";
        assert_eq!(text, expected);
    }

    #[test]
    fn call_macros_fit_on_one_line_or_are_flowed() {
        let text = print(
            quote! {
                awsgen_runtime::string_enum_impls!(Color);
                awsgen_runtime::debug_fields!(#[allow(deprecated)] LoginInputBuilder<C> { user, password: redacted, r#type });
                awsgen_runtime::debug_fields!(EmptyInputBuilder<C> {});
                awsgen_runtime::modeled_error_impls!(AccessDenied, "AccessDenied", optional message; retryable);
                mod inner {
                    awsgen_runtime::debug_fields!(AVeryLongStructureNameThatTakesUpMostOfTheLine { first_member_with_a_long_name, second_member_with_a_long_name: redacted, third_member_with_a_long_name });
                }
            },
            &[],
        );
        let expected = "awsgen_runtime::string_enum_impls!(Color);
awsgen_runtime::debug_fields!(#[allow(deprecated)] LoginInputBuilder<C> {
    user, password: redacted, r#type
});
awsgen_runtime::debug_fields!(EmptyInputBuilder<C> {});
awsgen_runtime::modeled_error_impls!(AccessDenied, \"AccessDenied\", optional message; retryable);
mod inner {
    awsgen_runtime::debug_fields!(AVeryLongStructureNameThatTakesUpMostOfTheLine {
        first_member_with_a_long_name, second_member_with_a_long_name: redacted,
        third_member_with_a_long_name
    });
}
";
        assert_eq!(text, expected);
    }

    #[test]
    fn item_macros_are_printed_as_their_item() {
        let text = print(
            quote! {
                mod types {
                    awsgen_runtime::string_enum! {
                        #[doc = " A colour."]
                        pub enum Color {
                            Red = "red",
                            #[doc = " Dark blue."]
                            NavyBlue = "navy-blue",
                        }
                    }
                }
            },
            &[],
        );
        let expected = "mod types {
    awsgen_runtime::string_enum! {
        /// A colour.
        pub enum Color {
            Red = \"red\",
            /// Dark blue.
            NavyBlue = \"navy-blue\",
        }
    }
}
";
        assert_eq!(text, expected);
    }

    #[test]
    fn other_macros_are_left_to_prettyplease() {
        let text = print(quote!(serde::forward!(Color);), &[]);
        assert_eq!(text, "serde::forward!(Color);\n");
    }
}
