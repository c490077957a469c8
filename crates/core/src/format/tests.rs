use super::*;

fn fmt(text: &str) -> String {
    let out = format(text, &Options::default()).expect("formats");
    let again = format(&out, &Options::default()).expect("formats again");
    assert_eq!(again, out, "not idempotent for {text:?}");
    out
}

#[test]
fn keywords_upper_case_one_space() {
    assert_eq!(
        fmt("from   alpine:3.20 as build\nrun  echo hi\n"),
        "FROM alpine:3.20 as build\nRUN echo hi\n"
    );
    assert_eq!(fmt("onbuild run make\n"), "ONBUILD RUN make\n");
}

#[test]
fn flags_spaced_and_kept_in_order_never_duplicated() {
    // dockerfmt issue: `--mount` flags duplicated.
    let text = "FROM x\nRUN   --mount=type=cache,target=/a    --mount=type=secret,id=b   make\n";
    let out = fmt(text);
    assert_eq!(
        out,
        "FROM x\nRUN --mount=type=cache,target=/a --mount=type=secret,id=b make\n"
    );
    assert_eq!(out.matches("--mount").count(), 2);
}

#[test]
fn continuation_indent_and_backslash() {
    let text = "FROM x\nRUN apt-get update   \\  \n  && apt-get install -y \\\n      curl\\\n  && rm -rf /var/lib/apt/lists/*\n";
    assert_eq!(
        fmt(text),
        "FROM x\nRUN apt-get update \\\n    && apt-get install -y \\\n        curl \\\n    && rm -rf /var/lib/apt/lists/*\n"
    );
    // Tabs when asked.
    let tabs = format(
        "FROM x\nRUN a \\\n  && b\n",
        &Options {
            indent: Indent::Tab,
        },
    )
    .unwrap();
    assert_eq!(tabs, "FROM x\nRUN a \\\n\t&& b\n");
}

#[test]
fn words_glued_across_a_continuation_stay_glued() {
    let text = "FROM x\nRUN echo ab\\\ncd \"x \\\n   y\"\n";
    assert_eq!(fmt(text), text);
}

#[test]
fn and_chains_split_only_in_multi_line_runs() {
    assert_eq!(
        fmt("FROM x\nRUN a && b && c\n"),
        "FROM x\nRUN a && b && c\n"
    );
    assert_eq!(
        fmt("FROM x\nRUN a && b \\\n    && c\n"),
        "FROM x\nRUN a \\\n    && b \\\n    && c\n"
    );
    assert_eq!(
        fmt("FROM x\nRUN a && \\\n    b && c\n"),
        "FROM x\nRUN a && \\\n    b && \\\n    c\n"
    );
    // Not inside groups, subshells, substitutions or quotes.
    let nested = "FROM x\nRUN { a && b; } \\\n    && (c && d) && echo \"$(e && f)\" \\\n    && echo 'g && h'\n";
    assert_eq!(
        fmt(nested),
        "FROM x\nRUN { a && b; } \\\n    && (c && d) \\\n    && echo \"$(e && f)\" \\\n    && echo 'g && h'\n"
    );
}

#[test]
fn semicolon_lists_are_left_alone() {
    // dockerfmt issue: `;` lists and grouping.
    let text = "FROM x\nRUN set -eux; \\\n    if [ -f a ]; then \\\n        b; \\\n    fi\n";
    assert_eq!(fmt(text), text);
}

#[test]
fn comments_stay_in_place() {
    // dockerfmt: BuildKit's parser drops comments inside a continuation.
    let text = "FROM x\n# top\nRUN a \\\n# why b\n  && b   \n    # trailing  \n";
    assert_eq!(
        fmt(text),
        "FROM x\n# top\nRUN a \\\n    # why b\n    && b\n    # trailing\n"
    );
}

#[test]
fn json_arrays() {
    assert_eq!(
        fmt("FROM x\nCMD [\"a\",\"b\" ,  \"c\\\"d\"]\nCOPY [ \"a b\",\"/c\" ]\n"),
        "FROM x\nCMD [\"a\", \"b\", \"c\\\"d\"]\nCOPY [\"a b\", \"/c\"]\n"
    );
    // Not JSON: left as written.
    assert_eq!(fmt("FROM x\nCMD [a,b]\n"), "FROM x\nCMD [a,b]\n");
}

#[test]
fn heredocs_directives_errors_untouched() {
    let text =
        "# syntax=docker/dockerfile:1  \n# escape=\\\nFROM x\nrun <<EOF   \n  echo a   \n\n\nEOF\n";
    assert_eq!(
        fmt(text),
        "# syntax=docker/dockerfile:1  \n# escape=\\\nFROM x\nRUN <<EOF   \n  echo a   \n\n\nEOF\n"
    );
}

#[test]
fn backtick_escape_formats_only_the_safe_parts() {
    let text = "# escape=`\nfrom x\nRUN a `\n  && b   \n";
    assert_eq!(fmt(text), "# escape=`\nFROM x\nRUN a `\n  && b\n");
}

#[test]
fn blank_lines_crlf_bom() {
    assert_eq!(
        fmt("\u{feff}FROM x\r\n\r\n  \r\n\r\nrun a && b \\\r\n  && c\r\n\r\n"),
        "\u{feff}FROM x\r\n\r\nRUN a \\\r\n    && b \\\r\n    && c\r\n"
    );
    assert_eq!(fmt("FROM x"), "FROM x\n");
    // A blank line before a comment at the top keeps it a comment.
    let text = "\n# escape=`\nFROM x\n";
    assert_eq!(fmt(text), text);
}

#[test]
fn nested_indentation_is_kept_relative() {
    let text = "FROM x\nRUN set -eux; \\\n  if a; then \\\n      b; \\\n  fi\n";
    assert_eq!(
        fmt(text),
        "FROM x\nRUN set -eux; \\\n    if a; then \\\n        b; \\\n    fi\n"
    );
}

#[test]
fn extra_indentation_rounds_to_levels() {
    let text = "FROM x\nRUN apt-get update && apt-get install -y \\\n    curl \\\n    git \\\n && rm -rf /var/lib/apt/lists/*\n";
    assert_eq!(
        fmt(text),
        "FROM x\nRUN apt-get update \\\n    && apt-get install -y \\\n        curl \\\n        git \\\n    && rm -rf /var/lib/apt/lists/*\n"
    );
    let tabs = Options {
        indent: Indent::Tab,
    };
    let out = format(text, &tabs).unwrap();
    assert_eq!(
        out,
        "FROM x\nRUN apt-get update \\\n\t&& apt-get install -y \\\n\t\tcurl \\\n\t\tgit \\\n\t&& rm -rf /var/lib/apt/lists/*\n"
    );
    assert_eq!(format(&out, &tabs).unwrap(), out);
}

#[test]
fn raw_values_keep_their_whitespace() {
    let text = "FROM x\nENV A one \\\n  two\nLABEL b=\"x \\\n   y\"\n";
    assert_eq!(fmt(text), text);
}

#[test]
fn the_meaning_check_catches_changes() {
    let a = syntax::parse("FROM x\nRUN echo a   b\n# c\n");
    for changed in [
        "FROM x\nRUN echo ab\n# c\n",
        "FROM x\nRUN echo 'a   b'\n# c\n",
        "FROM x\nRUN echo a   b\n",
        "FROM y\nRUN echo a   b\n# c\n",
    ] {
        assert!(
            same_meaning(&a, &syntax::parse(changed)).is_err(),
            "{changed}"
        );
    }
    assert!(same_meaning(&a, &syntax::parse("from x\nRUN echo a \\\n    b\n# c\n")).is_ok());
}

#[test]
fn odd_input_is_left_alone_without_panicking() {
    for text in [
        "",
        "\n\n",
        "R\\\nUN echo a\n",
        "FROM x\nRUN \\\n",
        "FROM x\nRUN echo \"unterminated \\\n   more\n",
        "\u{feff}",
        "FROM x\nbogus line here\n\n\n",
        "FROM x\nRUN a && \\\n\n",
    ] {
        let out = format(text, &Options::default()).expect("formats");
        assert_eq!(format(&out, &Options::default()).unwrap(), out, "{text:?}");
    }
    assert_eq!(
        fmt("FROM x\nbogus   line   \n"),
        "FROM x\nbogus   line   \n"
    );
}
