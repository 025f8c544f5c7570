//! Printing the runtime's entry macros (`awsgen_runtime::accessors! { .. }`) one entry per
//! line, as a hand-written invocation reads: prettyplease flows a macro's tokens into lines
//! of 100 columns (and prints docs as `#[doc = ".."]`), since it cannot know their grammar.
//!
//! Before printing, each such invocation is swapped for a placeholder `__awsgen_entries_N!();`
//! and its body printed here: an entry is its attributes, then tokens up to a `;`; `#[doc]`
//! attributes become `///` lines.

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};
use syn::visit_mut::VisitMut;

/// The runtime macros whose bodies are entries ending in `;`.
const ENTRY_MACROS: &[&str] = &["accessors", "operation_error"];

const PLACEHOLDER: &str = "__awsgen_entries_";

/// Swaps each entry macro of `file` for a placeholder; returns the invocations' texts (each
/// line without its indentation), by placeholder number. `home` is the file's module: paths
/// into it are shortened, as for the rest of the file.
pub fn take(file: &mut syn::File, home: &[String]) -> Vec<Vec<String>> {
    let mut taker = Taker { home, texts: Vec::new() };
    taker.visit_file_mut(file);
    taker.texts
}

/// `printed` with each placeholder line replaced by its invocation's lines, at its indentation.
pub fn restore(printed: &str, texts: &[Vec<String>]) -> String {
    if texts.is_empty() {
        return printed.to_owned();
    }
    let mut out = String::with_capacity(printed.len() + texts.iter().flatten().map(|l| l.len() + 9).sum::<usize>());
    for line in printed.lines() {
        let text = line.trim_start();
        let index = text.strip_prefix(PLACEHOLDER).and_then(|rest| rest.strip_suffix("!();")).and_then(|n| n.parse::<usize>().ok());
        match index.and_then(|i| texts.get(i)) {
            Some(lines) => {
                let indent = &line[..line.len() - text.len()];
                for text in lines {
                    if !text.is_empty() {
                        out.push_str(indent);
                    }
                    out.push_str(text);
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
    texts: Vec<Vec<String>>,
}

impl Taker<'_> {
    /// The placeholder for `mac` if it is an entry macro (its text kept), else `None`.
    fn take(&mut self, mac: &syn::Macro) -> Option<syn::Macro> {
        let segments: Vec<String> = mac.path.segments.iter().map(|s| s.ident.to_string()).collect();
        let [runtime, name] = segments.as_slice() else { return None };
        if runtime != "awsgen_runtime" || !ENTRY_MACROS.contains(&name.as_str()) || !matches!(mac.delimiter, syn::MacroDelimiter::Brace(_)) {
            return None;
        }
        let mut lines = vec![format!("awsgen_runtime::{name}! {{")];
        lines.extend(entries(mac.tokens.clone(), self.home).into_iter().map(|l| format!("    {l}")));
        lines.push("}".to_owned());
        let placeholder = quote::format_ident!("{PLACEHOLDER}{}", self.texts.len());
        self.texts.push(lines);
        Some(syn::parse_quote!(#placeholder!()))
    }
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
            TokenTree::Punct(p) if p.as_char() == ';' => {
                lines.push(format!("{};", words_text(&words(std::mem::take(&mut entry), home))));
            }
            _ => entry.push(token),
        }
    }
    if !entry.is_empty() {
        lines.push(words_text(&words(entry, home)));
    }
    lines
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
            (_, Word::Op(op)) if matches!(op.as_str(), "," | ";" | "::" | ":" | "<" | ">" | ">>" | "?") => false,
            (Some(Word::Op(op)), _) if matches!(op.as_str(), "::" | "<" | "&" | "#" | "!") => false,
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
    fn other_macros_are_left_to_prettyplease() {
        let text = print(quote!(awsgen_runtime::string_enum_impls!(Color);), &[]);
        assert_eq!(text, "awsgen_runtime::string_enum_impls!(Color);\n");
    }
}
