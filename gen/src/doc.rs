//! Doc comments from the spec's `document` fields (HTML or Markdown), made safe for rustdoc:
//! no code blocks (so no doctests), no HTML, no intra-doc links, no bare URLs, no emphasis by
//! accident, and no lazy list continuations.

/// Turns a spec `document` into doc-comment lines (without the `/// ` prefix). Paragraphs are
/// separated by one empty line; a paragraph is one line, since wrapping CJK text at a line end
/// would render as a space.
pub fn doc_lines(document: &str) -> Vec<String> {
    let mut out = Builder::default();
    if looks_like_html(document) {
        html(document, &mut out);
    } else {
        markdown(document, &mut out);
    }
    out.finish()
}

/// Block-level tags decide whether newlines are layout (Markdown) or whitespace (HTML).
fn looks_like_html(document: &str) -> bool {
    let lower = document.to_ascii_lowercase();
    [
        "<p>", "<p ", "<br", "<li>", "<li ", "<ul>", "<ol>", "<div", "<table", "</p>",
    ]
    .iter()
    .any(|tag| lower.contains(tag))
}

#[derive(Default)]
struct Builder {
    lines: Vec<String>,
    current: String,
    /// Text written now starts a block (a line or a list item's content): markup that only
    /// counts at the start of a block is escaped.
    started: bool,
    /// Numbering of the enclosing lists: `None` for bullets, `Some(next)` for ordered lists.
    lists: Vec<Option<u32>>,
}

impl Builder {
    /// Appends inline text, escaped; whitespace runs become one space.
    fn text(&mut self, text: &str) {
        let collapsed = collapse(text);
        if collapsed.is_empty() {
            return;
        }
        if collapsed.trim().is_empty() {
            if !self.current.is_empty() && !self.current.ends_with(' ') {
                self.current.push(' ');
            }
            return;
        }
        let mut piece = collapsed.as_str();
        if self.current.is_empty() || self.current.ends_with(' ') {
            piece = piece.trim_start();
        }
        let at_start = !self.started;
        self.current.push_str(&escape(piece, at_start));
        self.started = true;
    }

    /// Appends an inline code span, or escaped text when the content cannot be one.
    fn code(&mut self, content: &str) {
        let content = collapse(content);
        let content = content.trim();
        if content.is_empty() {
            return;
        }
        if content.contains('`') {
            self.text(content);
        } else {
            self.current.push('`');
            self.current.push_str(content);
            self.current.push('`');
            self.started = true;
        }
    }

    /// Appends text that is already Markdown (an autolink).
    fn raw(&mut self, markdown: &str) {
        self.current.push_str(markdown);
        self.started = true;
    }

    /// Starts a list item with `marker` (`- `, `1. `).
    fn marker(&mut self, marker: &str) {
        self.line();
        self.current.push_str(marker);
    }

    /// Ends the current line.
    fn line(&mut self) {
        let line = self.current.trim().to_owned();
        self.current.clear();
        self.started = false;
        if line.is_empty() {
            return;
        }
        self.lines.push(line);
    }

    /// Ends the current paragraph.
    fn paragraph(&mut self) {
        self.line();
        if self.lines.last().is_some_and(|l| !l.is_empty()) {
            self.lines.push(String::new());
        }
    }

    /// Starts a list item of the innermost list (or a bullet outside any list).
    fn item(&mut self) {
        let marker = match self.lists.last_mut() {
            Some(Some(n)) => {
                let marker = format!("{n}. ");
                *n += 1;
                marker
            }
            _ => "- ".to_owned(),
        };
        self.marker(&marker);
    }

    fn finish(mut self) -> Vec<String> {
        self.line();
        // A list ends at the first line that is not an item: separate it with an empty line,
        // or rustdoc would read it as a lazy continuation of the item.
        let mut lines: Vec<String> = Vec::with_capacity(self.lines.len());
        for line in self.lines {
            if line.is_empty() && lines.last().is_none_or(|l: &String| l.is_empty()) {
                continue;
            }
            if !line.is_empty()
                && !is_list_item(&line)
                && lines.last().is_some_and(|l| is_list_item(l))
            {
                lines.push(String::new());
            }
            lines.push(line);
        }
        while lines.last().is_some_and(|l| l.is_empty()) {
            lines.pop();
        }
        lines
    }
}

/// `- x`, `1. x`: a line the builder emitted as a list item.
fn is_list_item(line: &str) -> bool {
    if line.starts_with("- ") {
        return true;
    }
    let digits = line.chars().take_while(|c| c.is_ascii_digit()).count();
    digits > 0 && line[digits..].starts_with(". ")
}

/// Collapses whitespace (including tabs, newlines and no-break spaces) to single spaces.
fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            space = true;
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
    if space {
        out.push(' ');
    }
    out
}

/// Escapes Markdown in plain text: code spans written with balanced backticks are kept, URLs
/// become autolinks, and everything else that rustdoc would read as markup is escaped.
fn escape(text: &str, at_line_start: bool) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let line_start = at_line_start && out.is_empty();
        if let Some(len) = url_at(&chars, i) {
            out.push('<');
            out.extend(&chars[i..i + len]);
            out.push('>');
            i += len;
            continue;
        }
        match c {
            '`' => {
                let run = chars[i..].iter().take_while(|&&c| c == '`').count();
                if let Some(end) = closing_backticks(&chars, i + run, run) {
                    let content: String = chars[i + run..end].iter().collect();
                    if !content.trim().is_empty() {
                        out.extend(&chars[i..end + run]);
                        i = end + run;
                        continue;
                    }
                }
                for _ in 0..run {
                    out.push_str("\\`");
                }
                i += run;
                continue;
            }
            '\\' | '*' | '[' | ']' | '<' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '_' => {
                let inner = i > 0
                    && chars[i - 1].is_alphanumeric()
                    && chars.get(i + 1).is_some_and(|n| n.is_alphanumeric());
                if !inner {
                    out.push('\\');
                }
                out.push(c);
            }
            '&' => {
                if entity_len(&chars[i..]).is_some() {
                    out.push('\\');
                }
                out.push(c);
            }
            '>' | '#' | '+' | '=' | '|' if line_start => {
                out.push('\\');
                out.push(c);
            }
            '-' if line_start && !matches!(chars.get(i + 1), Some(' ')) => {
                // `---` or `-x` could be a rule or setext underline; `- x` is a list item.
                out.push('\\');
                out.push(c);
            }
            _ if line_start && c.is_ascii_digit() => {
                // `2019. ` or `1) ` would start an ordered list.
                let digits = chars[i..].iter().take_while(|c| c.is_ascii_digit()).count();
                let after = chars.get(i + digits).copied();
                out.extend(&chars[i..i + digits]);
                i += digits;
                if matches!(after, Some('.' | ')')) && matches!(chars.get(i + 1), None | Some(' '))
                {
                    out.push('\\');
                    out.push(after.unwrap_or('.'));
                    i += 1;
                }
                continue;
            }
            _ => out.push(c),
        }
        i += 1;
    }
    out
}

/// The index of a run of exactly `run` backticks at or after `from`, if any.
fn closing_backticks(chars: &[char], from: usize, run: usize) -> Option<usize> {
    let mut j = from;
    while j < chars.len() {
        if chars[j] == '`' {
            let len = chars[j..].iter().take_while(|&&c| c == '`').count();
            if len == run {
                return Some(j);
            }
            j += len;
        } else {
            j += 1;
        }
    }
    None
}

/// The length of an `http://` or `https://` URL starting at `i`: ASCII up to whitespace, a
/// non-ASCII character or a character an autolink cannot hold, minus trailing punctuation.
fn url_at(chars: &[char], i: usize) -> Option<usize> {
    let rest = &chars[i..];
    let scheme = ["https://", "http://"]
        .iter()
        .find(|s| rest.len() > s.len() && s.chars().eq(rest[..s.len()].iter().copied()))?;
    // `xhttp://` is not a URL of its own (Chinese text right before one is common, though).
    if i > 0 && chars[i - 1].is_ascii_alphanumeric() {
        return None;
    }
    let mut len = rest
        .iter()
        .take_while(|c| c.is_ascii_graphic() && !matches!(c, '<' | '>' | '`' | '"' | '\\'))
        .count();
    while len > scheme.len()
        && matches!(
            rest[len - 1],
            '.' | ',' | ';' | ':' | ')' | '(' | '!' | '?' | '\'' | ']'
        )
    {
        len -= 1;
    }
    (len > scheme.len()).then_some(len)
}

/// `&name;`, `&#123;`, `&#x1F;`: what Markdown would decode as an entity.
fn entity_len(chars: &[char]) -> Option<usize> {
    let end = chars.iter().take(34).position(|&c| c == ';')?;
    let body = &chars[1..end];
    let ok = match body {
        ['#', 'x' | 'X', hex @ ..] => !hex.is_empty() && hex.iter().all(char::is_ascii_hexdigit),
        ['#', dec @ ..] => !dec.is_empty() && dec.iter().all(char::is_ascii_digit),
        name => !name.is_empty() && name.iter().all(char::is_ascii_alphanumeric),
    };
    ok.then_some(end + 1)
}

/// Markdown source: lines are kept, empty lines separate paragraphs, list items stay items.
fn markdown(document: &str, out: &mut Builder) {
    let decoded = decode_entities(document);
    for raw in decoded.lines() {
        let line = raw.trim();
        if line.is_empty() {
            out.paragraph();
            continue;
        }
        if let Some(rest) = ["- ", "* ", "+ ", "• "]
            .iter()
            .find_map(|m| line.strip_prefix(m))
        {
            out.marker("- ");
            out.text(rest);
            continue;
        }
        let digits = line.chars().take_while(|c| c.is_ascii_digit()).count();
        if (1..=2).contains(&digits) && line[digits..].starts_with(". ") {
            out.marker(&line[..digits + 2]);
            out.text(&line[digits + 2..]);
            continue;
        }
        out.line();
        out.text(line);
    }
}

/// HTML source: tags give the structure, newlines are whitespace.
fn html(document: &str, out: &mut Builder) {
    let mut rest = document;
    let mut link: Option<String> = None;
    let mut link_text = String::new();
    while !rest.is_empty() {
        let Some(start) = rest.find('<') else {
            emit_text(out, &mut link, &mut link_text, rest);
            break;
        };
        emit_text(out, &mut link, &mut link_text, &rest[..start]);
        rest = &rest[start..];
        let Some((tag, len)) = parse_tag(rest) else {
            emit_text(out, &mut link, &mut link_text, "<");
            rest = &rest[1..];
            continue;
        };
        rest = &rest[len..];
        match (tag.name.as_str(), tag.closing) {
            ("p" | "div" | "pre" | "table" | "blockquote" | "hr", _)
            | ("h1" | "h2" | "h3" | "h4" | "h5" | "h6", _) => out.paragraph(),
            ("br" | "tr", _) => out.paragraph(),
            ("ul", false) => {
                out.paragraph();
                out.lists.push(None);
            }
            ("ol", false) => {
                out.paragraph();
                out.lists.push(Some(1));
            }
            ("ul" | "ol", true) => {
                out.lists.pop();
                out.paragraph();
            }
            ("li", false) => out.item(),
            ("li", true) => out.line(),
            ("td" | "th", _) => out.text(" "),
            ("code", false) => {
                let end = find_ci(rest, "</code>").unwrap_or(rest.len());
                let content = decode_entities(&strip_tags(&rest[..end]));
                if link.is_some() {
                    link_text.push_str(&content);
                } else {
                    out.code(&content);
                }
                rest = &rest[(end + "</code>".len()).min(rest.len())..];
            }
            ("a", false) => {
                link = Some(tag.href.unwrap_or_default());
                link_text.clear();
            }
            ("a", true) => {
                if let Some(href) = link.take() {
                    finish_link(out, &href, &link_text);
                }
                link_text.clear();
            }
            // Inline formatting and unknown-but-valid tags: keep the text only.
            _ => {}
        }
    }
    if let Some(href) = link.take() {
        finish_link(out, &href, &link_text);
    }
}

fn emit_text(out: &mut Builder, link: &mut Option<String>, link_text: &mut String, text: &str) {
    let text = decode_entities(text);
    if link.is_some() {
        link_text.push_str(&text);
    } else {
        out.text(&text);
    }
}

/// `text (<url>)`, or `<url>` when the text is the URL itself.
fn finish_link(out: &mut Builder, href: &str, text: &str) {
    let text = collapse(text);
    let text = text.trim();
    let href = href.trim();
    let chars: Vec<char> = href.chars().collect();
    let is_url = url_at(&chars, 0) == Some(chars.len());
    if !text.is_empty() && text != href {
        out.text(text);
        if is_url {
            out.raw(" (");
            out.raw(&format!("<{href}>"));
            out.raw(")");
        }
    } else if is_url {
        out.raw(&format!("<{href}>"));
    } else {
        out.text(href);
    }
}

struct Tag {
    name: String,
    closing: bool,
    href: Option<String>,
}

/// HTML tags the spec uses; anything else in angle brackets is text (`<base64>`, `a <= b`).
const KNOWN_TAGS: &[&str] = &[
    "p",
    "br",
    "li",
    "ul",
    "ol",
    "code",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "a",
    "span",
    "div",
    "pre",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "thead",
    "tbody",
    "tr",
    "td",
    "th",
    "sup",
    "sub",
    "font",
    "img",
    "hr",
    "blockquote",
    "del",
    "s",
];

/// Parses `<name attrs>`, `</name>` or `<name/>` at the start of `s`: the tag and its length.
fn parse_tag(s: &str) -> Option<(Tag, usize)> {
    let end = s.find('>')?;
    let inner = &s[1..end];
    if inner.contains('<') {
        return None;
    }
    let (closing, inner) = match inner.strip_prefix('/') {
        Some(rest) => (true, rest),
        None => (false, inner),
    };
    let inner = inner.trim_end_matches('/').trim();
    let name_len = inner
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(inner.len());
    let name = inner[..name_len].to_ascii_lowercase();
    if !KNOWN_TAGS.contains(&name.as_str()) {
        return None;
    }
    let attrs = &inner[name_len..];
    if !attrs.is_empty() && !attrs.starts_with(char::is_whitespace) {
        return None;
    }
    let href = attr_value(attrs, "href");
    Some((
        Tag {
            name,
            closing,
            href,
        },
        end + 1,
    ))
}

fn attr_value(attrs: &str, key: &str) -> Option<String> {
    let lower = attrs.to_ascii_lowercase();
    let at = lower.find(&format!("{key}="))?;
    let value = &attrs[at + key.len() + 1..];
    let value = value.trim_start();
    let (quote, body) = match value.chars().next()? {
        q @ ('"' | '\'') => (q, &value[1..]),
        _ => (' ', value),
    };
    let end = body.find(quote).unwrap_or(body.len());
    Some(decode_entities(&body[..end]))
}

fn find_ci(haystack: &str, needle: &str) -> Option<usize> {
    haystack.to_ascii_lowercase().find(needle)
}

/// Removes known tags, keeping their text (for the content of `<code>`).
fn strip_tags(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        match parse_tag(rest) {
            Some((_, len)) => rest = &rest[len..],
            None => {
                out.push('<');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Decodes the HTML entities the specs use (`&quot;`, `&lt;`, `&#39;`, …).
fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let chars: Vec<char> = rest.chars().take(34).collect();
        let decoded = entity_len(&chars).and_then(|len| {
            let body: String = chars[1..len - 1].iter().collect();
            let c = match body.as_str() {
                "quot" => Some('"'),
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "apos" => Some('\''),
                "nbsp" => Some(' '),
                _ => match body.strip_prefix('#') {
                    Some(hex) if hex.starts_with(['x', 'X']) => u32::from_str_radix(&hex[1..], 16)
                        .ok()
                        .and_then(char::from_u32),
                    Some(dec) => dec.parse().ok().and_then(char::from_u32),
                    None => None,
                },
            }?;
            let byte_len: usize = chars[..len].iter().map(|c| c.len_utf8()).sum();
            Some((c, byte_len))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::doc_lines;

    fn doc(s: &str) -> String {
        doc_lines(s).join("\n")
    }

    #[test]
    fn html_paragraphs_and_lists() {
        assert_eq!(
            doc("<p>取值范围：</p><ul><li>1：开启</li><li>0：关闭</li></ul><p>默认值：1</p>"),
            "取值范围：\n\n- 1：开启\n- 0：关闭\n\n默认值：1"
        );
        assert_eq!(
            doc("<p>步骤</p><ol><li>first</li><li>second</li></ol>"),
            "步骤\n\n1. first\n2. second"
        );
        assert_eq!(doc("注：<br>符合标准"), "注：\n\n符合标准");
        assert_eq!(doc("<p>a\n   b\tc</p>"), "a b c");
    }

    #[test]
    fn html_inline_tags_code_and_entities() {
        assert_eq!(
            doc("<p>取值 <code>a[0]</code> 或 <strong>b</strong></p>"),
            "取值 `a[0]` 或 b"
        );
        assert_eq!(doc("<p>&quot;x&quot; &lt;y&gt;</p>"), "\"x\" \\<y>");
        assert_eq!(doc("<p>编码为<base64>的数据</p>"), "编码为\\<base64>的数据");
        assert_eq!(
            doc("<p>见 <a href=\"https://cloud.tencent.com/document/product/1081\">文档</a></p>"),
            "见 文档 (<https://cloud.tencent.com/document/product/1081>)"
        );
    }

    #[test]
    fn markdown_lists_and_paragraphs_survive() {
        assert_eq!(
            doc("绑定智能体\n- `BindingScope=product` 时，`DeviceName` 必须为空。\n- 其他"),
            "绑定智能体\n- `BindingScope=product` 时，`DeviceName` 必须为空。\n- 其他"
        );
        assert_eq!(doc("a\n\n\n\nb"), "a\n\nb");
        assert_eq!(doc("1. 第一\n2. 第二\n说明"), "1. 第一\n2. 第二\n\n说明");
    }

    #[test]
    fn nothing_becomes_a_code_block() {
        assert_eq!(doc("text\n    indented code"), "text\nindented code");
        assert_eq!(
            doc("```\nfn main() {}\n```"),
            "\\`\\`\\`\nfn main() {}\n\\`\\`\\`"
        );
        assert_eq!(doc("~~~\nx"), "\\~\\~\\~\nx");
        assert_eq!(doc("\tx\n\t\ty"), "x\ny");
    }

    #[test]
    fn brackets_and_backticks_are_escaped() {
        assert_eq!(
            doc("命名规则：[a-zA-Z0-9:_-]{1,48}。"),
            "命名规则：\\[a-zA-Z0-9:\\_-\\]{1,48}。"
        );
        assert_eq!(doc("unbalanced ` tick"), "unbalanced \\` tick");
        assert_eq!(doc("`a` and `b`"), "`a` and `b`");
        assert_eq!(doc("``a`b``"), "``a`b``");
        assert_eq!(
            doc("secret*** and base_url"),
            "secret\\*\\*\\* and base_url"
        );
        assert_eq!(doc("_init_"), "\\_init\\_");
        assert_eq!(doc("a\\\"b\\\""), "a\\\\\"b\\\\\"");
    }

    #[test]
    fn urls_become_autolinks() {
        assert_eq!(
            doc("参考https://cloud.tencent.com/document/product/1081/34916#.E8.AE，例如"),
            "参考<https://cloud.tencent.com/document/product/1081/34916#.E8.AE>，例如"
        );
        assert_eq!(
            doc("see https://www.iana.org/time-zones."),
            "see <https://www.iana.org/time-zones>."
        );
        assert_eq!(doc("`https://in.code/span`"), "`https://in.code/span`");
    }

    #[test]
    fn line_starts_that_would_be_markup_are_escaped() {
        assert_eq!(doc("# title"), "\\# title");
        assert_eq!(doc("> quote"), "\\> quote");
        assert_eq!(doc("x\n---"), "x\n\\---");
        assert_eq!(doc("x\n==="), "x\n\\===");
        assert_eq!(doc("2019. year"), "2019\\. year");
        assert_eq!(doc("| a | b |"), "\\| a | b |");
        assert_eq!(doc("a &amp;lt; b"), "a \\&lt; b");
    }

    #[test]
    fn empty_documents_give_no_lines() {
        assert!(doc_lines("").is_empty());
        assert!(doc_lines("<p></p>").is_empty());
        assert!(doc_lines("  \n\n ").is_empty());
    }
}
