//! A parser for the JMESPath subset that Smithy waiters allow: identifiers and
//! sub-expressions, index, flatten `[]`, list projections `[*]`, filter projections
//! `[?...]`, comparators, `&&`, `||`, `!`, parentheses, `@`, literals and function calls.
//! What it rejects (slices, multi-selects, pipes, object projections, expression references)
//! leaves the waiter out with the reason.
//!
//! The grammar and binding powers are JMESPath's (the reference implementation's Pratt
//! parser), so projections extend over exactly what they do there: in `a[].b[].c` the
//! second flatten applies to the projection `a[].b`, and `.c` to each of its elements.

use serde_json::Value;

/// A comparison operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Comparison {
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

/// A parsed expression.
#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    /// `@`, or the implicit right side of a projection.
    Current,
    /// A member of the current object.
    Field(String),
    /// `left.right`: `right` evaluated on the result of `left`.
    Sub(Box<Expr>, Box<Expr>),
    /// `left[index]` (negative: from the end).
    Index(Box<Expr>, i64),
    /// `left[*].right` (and `left[].right` with `left` a [`Expr::Flatten`]): `right` on each
    /// element, absent results dropped.
    Projection(Box<Expr>, Box<Expr>),
    /// `left[]`: list elements that are lists spliced into the result.
    Flatten(Box<Expr>),
    /// `left[?condition].right`: the projection over the elements the condition holds for.
    Filter {
        /// The list.
        list: Box<Expr>,
        /// The condition, evaluated on each element.
        condition: Box<Expr>,
        /// What to take of each kept element.
        then: Box<Expr>,
    },
    /// A comparison.
    Compare(Comparison, Box<Expr>, Box<Expr>),
    /// `left && right`.
    And(Box<Expr>, Box<Expr>),
    /// `left || right`.
    Or(Box<Expr>, Box<Expr>),
    /// `!operand`.
    Not(Box<Expr>),
    /// A JSON literal (`` `...` ``) or raw string (`'...'`).
    Literal(Value),
    /// A function call.
    Call(String, Vec<Expr>),
}

#[derive(Clone, Debug, PartialEq)]
enum Token {
    Identifier(String),
    Literal(Value),
    Number(i64),
    Dot,
    Star,
    Flatten,
    Filter,
    LBracket,
    RBracket,
    LParen,
    RParen,
    Comma,
    At,
    Not,
    And,
    Or,
    Compare(Comparison),
    /// A token of JMESPath that the waiter subset does not allow (`|`, `{`, `:`, `&`, ...).
    Unsupported(&'static str),
    End,
}

impl Token {
    /// How tightly the token binds to its left (JMESPath's binding powers).
    fn binding_power(&self) -> u8 {
        match self {
            Token::Or => 2,
            Token::And => 3,
            Token::Compare(_) => 5,
            Token::Flatten => 9,
            Token::Star => 20,
            Token::Filter => 21,
            Token::Dot => 40,
            Token::Not => 45,
            Token::LBracket => 55,
            Token::LParen => 60,
            _ => 0,
        }
    }
}

/// Right sides of a projection stop at tokens binding less than this.
const PROJECTION_STOP: u8 = 10;

fn lex(text: &str) -> Result<Vec<Token>, String> {
    let mut tokens = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    let peek = |i: usize| chars.get(i).copied();
    while let Some(c) = peek(i) {
        let two = |second: char| peek(i + 1) == Some(second);
        let (token, len) = match c {
            ' ' | '\t' | '\n' | '\r' => {
                i += 1;
                continue;
            }
            'a'..='z' | 'A'..='Z' | '_' => {
                let end = (i..chars.len()).find(|&j| !(chars[j].is_ascii_alphanumeric() || chars[j] == '_')).unwrap_or(chars.len());
                (Token::Identifier(chars[i..end].iter().collect()), end - i)
            }
            '0'..='9' | '-' => {
                let end = (i + 1..chars.len()).find(|&j| !chars[j].is_ascii_digit()).unwrap_or(chars.len());
                let digits: String = chars[i..end].iter().collect();
                let number = digits.parse().map_err(|_| format!("bad number `{digits}` at {i}"))?;
                (Token::Number(number), end - i)
            }
            '"' | '\'' | '`' => {
                let (body, len) = delimited(&chars[i..], c).ok_or_else(|| format!("unterminated {c} at {i}"))?;
                let token = match c {
                    // A quoted identifier is a JSON string.
                    '"' => Token::Identifier(
                        serde_json::from_str(&format!("\"{body}\"")).map_err(|e| format!("bad quoted identifier at {i}: {e}"))?,
                    ),
                    '\'' => Token::Literal(Value::String(body.replace("\\'", "'"))),
                    _ => Token::Literal(
                        serde_json::from_str(&body.replace("\\`", "`")).map_err(|e| format!("bad literal at {i}: {e}"))?,
                    ),
                };
                (token, len)
            }
            '.' => (Token::Dot, 1),
            '*' => (Token::Star, 1),
            '@' => (Token::At, 1),
            ',' => (Token::Comma, 1),
            '(' => (Token::LParen, 1),
            ')' => (Token::RParen, 1),
            ']' => (Token::RBracket, 1),
            '[' if two(']') => (Token::Flatten, 2),
            '[' if two('?') => (Token::Filter, 2),
            '[' => (Token::LBracket, 1),
            '&' if two('&') => (Token::And, 2),
            '|' if two('|') => (Token::Or, 2),
            '=' if two('=') => (Token::Compare(Comparison::Eq), 2),
            '!' if two('=') => (Token::Compare(Comparison::Ne), 2),
            '<' if two('=') => (Token::Compare(Comparison::Le), 2),
            '>' if two('=') => (Token::Compare(Comparison::Ge), 2),
            '<' => (Token::Compare(Comparison::Lt), 1),
            '>' => (Token::Compare(Comparison::Gt), 1),
            '!' => (Token::Not, 1),
            '|' => (Token::Unsupported("pipe `|`"), 1),
            '&' => (Token::Unsupported("expression reference `&`"), 1),
            '{' | '}' => (Token::Unsupported("multi-select hash `{...}`"), 1),
            ':' => (Token::Unsupported("slice `[a:b]`"), 1),
            other => return Err(format!("unexpected character `{other}` at {i}")),
        };
        tokens.push(token);
        i += len;
    }
    tokens.push(Token::End);
    Ok(tokens)
}

/// The text between `quote` and its closing match (a backslash escapes it), and the length
/// taken with both quotes.
fn delimited(chars: &[char], quote: char) -> Option<(String, usize)> {
    let mut j = 1;
    while j < chars.len() {
        match chars[j] {
            '\\' => j += 2,
            c if c == quote => return Some((chars[1..j].iter().collect(), j + 1)),
            _ => j += 1,
        }
    }
    None
}

/// Parses `text`; the error says what is not supported or malformed, and where.
pub fn parse(text: &str) -> Result<Expr, String> {
    let mut parser = Parser { tokens: lex(text)?, position: 0 };
    let expr = parser.expression(0)?;
    match parser.peek() {
        Token::End => Ok(expr),
        Token::Unsupported(what) => Err(format!("{what} is not supported")),
        other => Err(format!("unexpected {other:?} after the expression")),
    }
}

struct Parser {
    tokens: Vec<Token>,
    position: usize,
}

impl Parser {
    fn peek(&self) -> &Token {
        self.tokens.get(self.position).unwrap_or(&Token::End)
    }

    fn next(&mut self) -> Token {
        let token = self.peek().clone();
        self.position += 1;
        token
    }

    fn expect(&mut self, wanted: &Token) -> Result<(), String> {
        match self.next() {
            ref token if token == wanted => Ok(()),
            Token::Unsupported(what) => Err(format!("{what} is not supported")),
            other => Err(format!("expected {wanted:?}, found {other:?}")),
        }
    }

    fn expression(&mut self, binding_power: u8) -> Result<Expr, String> {
        let token = self.next();
        let mut left = self.prefix(token)?;
        while binding_power < self.peek().binding_power() {
            let token = self.next();
            left = self.infix(token, left)?;
        }
        Ok(left)
    }

    /// A token at the start of an expression.
    fn prefix(&mut self, token: Token) -> Result<Expr, String> {
        Ok(match token {
            Token::Identifier(name) => Expr::Field(name),
            Token::Literal(value) => Expr::Literal(value),
            Token::At => Expr::Current,
            Token::Not => Expr::Not(Box::new(self.expression(Token::Not.binding_power())?)),
            Token::LParen => {
                let inner = self.expression(0)?;
                self.expect(&Token::RParen)?;
                inner
            }
            Token::Flatten => self.infix(Token::Flatten, Expr::Current)?,
            Token::Filter => self.infix(Token::Filter, Expr::Current)?,
            Token::LBracket => self.infix(Token::LBracket, Expr::Current)?,
            Token::Star => return Err("object projection `*` is not supported".into()),
            Token::Unsupported(what) => return Err(format!("{what} is not supported")),
            other => return Err(format!("unexpected {other:?}")),
        })
    }

    /// A token after a complete expression `left`.
    fn infix(&mut self, token: Token, left: Expr) -> Result<Expr, String> {
        let power = token.binding_power();
        Ok(match token {
            Token::Dot => {
                if matches!(self.peek(), Token::Star) {
                    return Err("object projection `.*` is not supported".into());
                }
                if !matches!(self.peek(), Token::Identifier(_)) {
                    return Err(format!("expected a member name after `.`, found {:?}", self.peek()));
                }
                Expr::Sub(Box::new(left), Box::new(self.expression(power)?))
            }
            Token::LBracket => match self.next() {
                Token::Number(index) => {
                    self.expect(&Token::RBracket)?;
                    Expr::Index(Box::new(left), index)
                }
                Token::Star => {
                    self.expect(&Token::RBracket)?;
                    let then = self.projection_rhs(Token::Star.binding_power())?;
                    Expr::Projection(Box::new(left), Box::new(then))
                }
                Token::Unsupported(what) => return Err(format!("{what} is not supported")),
                _ => return Err("multi-select list `[a, b]` is not supported".into()),
            },
            Token::Flatten => {
                let then = self.projection_rhs(power)?;
                Expr::Projection(Box::new(Expr::Flatten(Box::new(left))), Box::new(then))
            }
            Token::Filter => {
                let condition = self.expression(0)?;
                self.expect(&Token::RBracket)?;
                let then = self.projection_rhs(power)?;
                Expr::Filter { list: Box::new(left), condition: Box::new(condition), then: Box::new(then) }
            }
            Token::Compare(op) => Expr::Compare(op, Box::new(left), Box::new(self.expression(power)?)),
            Token::And => Expr::And(Box::new(left), Box::new(self.expression(power)?)),
            Token::Or => Expr::Or(Box::new(left), Box::new(self.expression(power)?)),
            Token::LParen => {
                let Expr::Field(name) = left else { return Err("only a function name can be called".into()) };
                let mut arguments = Vec::new();
                if !matches!(self.peek(), Token::RParen) {
                    loop {
                        arguments.push(self.expression(0)?);
                        if !matches!(self.peek(), Token::Comma) {
                            break;
                        }
                        self.next();
                    }
                }
                self.expect(&Token::RParen)?;
                Expr::Call(name, arguments)
            }
            other => return Err(format!("unexpected {other:?}")),
        })
    }

    /// What follows a projection: nothing (the elements themselves), or a bracket, filter or
    /// dot expression applied to each element.
    fn projection_rhs(&mut self, power: u8) -> Result<Expr, String> {
        match self.peek() {
            token if token.binding_power() < PROJECTION_STOP => Ok(Expr::Current),
            Token::LBracket | Token::Filter | Token::Flatten => self.expression(power),
            Token::Dot => {
                self.next();
                if !matches!(self.peek(), Token::Identifier(_)) {
                    return Err(format!("expected a member name after `.`, found {:?}", self.peek()));
                }
                self.expression(power)
            }
            other => Err(format!("unexpected {other:?} after a projection")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(name: &str) -> Box<Expr> {
        Box::new(Expr::Field(name.into()))
    }

    #[test]
    fn paths_projections_and_flattens_nest_as_in_jmespath() {
        assert_eq!(parse("a.b").unwrap(), Expr::Sub(field("a"), field("b")));
        assert_eq!(parse("a[-1]").unwrap(), Expr::Index(field("a"), -1));
        // `a[].b[].c`: the second flatten takes the whole first projection.
        let inner = Expr::Projection(Box::new(Expr::Flatten(field("a"))), field("b"));
        assert_eq!(parse("a[].b[].c").unwrap(), Expr::Projection(Box::new(Expr::Flatten(Box::new(inner))), field("c")));
        assert_eq!(parse("a[*]").unwrap(), Expr::Projection(field("a"), Box::new(Expr::Current)));
    }

    #[test]
    fn conditions_and_literals() {
        let parsed = parse("status != 'DELETING' && status != `\"CANCELLED\"`").unwrap();
        let ne = |v: &str| Box::new(Expr::Compare(Comparison::Ne, field("status"), Box::new(Expr::Literal(Value::String(v.into())))));
        assert_eq!(parsed, Expr::And(ne("DELETING"), ne("CANCELLED")));
        let filter = parse("length(items[?state == 'ok']) > `0`").unwrap();
        let Expr::Compare(Comparison::Gt, call, _) = filter else { panic!("{filter:?}") };
        assert!(matches!(*call, Expr::Call(ref name, ref args) if name == "length" && matches!(args[0], Expr::Filter { .. })));
        assert_eq!(parse("!(a || b)").unwrap(), Expr::Not(Box::new(Expr::Or(field("a"), field("b")))));
        assert_eq!(parse("\"quoted id\"").unwrap(), Expr::Field("quoted id".into()));
    }

    #[test]
    fn constructs_outside_the_subset_are_named() {
        for (text, what) in [
            ("a | b", "pipe"),
            ("a[0:2]", "slice"),
            ("{a: b}", "multi-select hash"),
            ("a[b, c]", "multi-select list"),
            ("a.*", "object projection"),
            ("sort_by(a, &b)", "expression reference"),
        ] {
            let error = parse(text).expect_err(text);
            assert!(error.contains(what), "{text}: {error}");
        }
        assert!(parse("a.").is_err());
        assert!(parse("'open").is_err());
    }
}
