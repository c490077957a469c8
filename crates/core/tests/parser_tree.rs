//! The tree the parser builds: bodies, flags, spans, heredocs, directives,
//! continuations and error recovery.

use drydock_core::syntax::*;

fn one(text: &str) -> (Dockerfile, Instruction) {
    let file = parse(text);
    let inst = file.instructions.last().expect("an instruction").clone();
    (file, inst)
}

fn src(file: &Dockerfile, span: Span) -> &str {
    &file.source[span.start..span.end]
}

#[test]
fn from_with_alias_any_case() {
    let (f, i) = one("from --platform=$BUILDPLATFORM golang:1.22 as build\n");
    assert_eq!(i.keyword, Keyword::From);
    assert_eq!(i.keyword_word.text, "from");
    assert_eq!(i.flags[0].name, "platform");
    assert_eq!(i.flags[0].value.as_ref().unwrap().text, "$BUILDPLATFORM");
    let Body::From(b) = &i.body else {
        panic!("{:?}", i.body)
    };
    assert_eq!(b.image.text, "golang:1.22");
    assert_eq!(src(&f, b.image.span), "golang:1.22");
    assert_eq!(b.as_keyword.as_ref().unwrap().text, "as");
    assert_eq!(b.alias.as_ref().unwrap().text, "build");
    assert!(f.errors.is_empty());
}

#[test]
fn exec_and_shell_forms_with_fallback() {
    let (_, i) = one("CMD [\"a\", \"b c\"]\n");
    let Body::Cmd(CommandForm::Exec { args, .. }) = &i.body else {
        panic!()
    };
    assert_eq!(
        args.iter().map(|w| w.text.as_str()).collect::<Vec<_>>(),
        ["a", "b c"]
    );
    // single quotes are not JSON: BuildKit runs it as shell form
    let (_, i) = one("ENTRYPOINT ['a']\n");
    let Body::Entrypoint(CommandForm::Shell { text, .. }) = &i.body else {
        panic!()
    };
    assert_eq!(text.text, "['a']");
    // a valid array with a non-string is an error
    let (f, i) = one("CMD [\"a\", 1]\n");
    assert!(matches!(i.body, Body::Invalid));
    assert_eq!(f.errors.len(), 1);
}

#[test]
fn copy_sources_dest_and_flags() {
    let (f, i) = one("COPY --from=build --chown=app:app a b /dst/\n");
    let Body::Copy(c) = &i.body else { panic!() };
    assert_eq!(
        c.sources
            .iter()
            .map(|w| w.text.as_str())
            .collect::<Vec<_>>(),
        ["a", "b"]
    );
    assert_eq!(c.dest.as_ref().unwrap().text, "/dst/");
    assert!(!c.json);
    assert_eq!(
        i.flag("FROM").unwrap().value.as_ref().unwrap().text,
        "build"
    );
    assert_eq!(src(&f, i.flags[1].span), "--chown=app:app");
    let (f, i) = one("ADD [\"a b\", \"/c\"]\n");
    let Body::Add(c) = &i.body else { panic!() };
    assert!(c.json);
    assert_eq!(src(&f, c.sources[0].span), "\"a b\"");
    let (f, _) = one("COPY onlyone\n");
    assert_eq!(f.errors.len(), 1);
}

#[test]
fn env_label_arg_pairs() {
    let (f, i) = one("ENV A=1 B=\"two words\" C=x\\ y\n");
    let Body::Env(kv) = &i.body else { panic!() };
    assert_eq!(kv.len(), 3);
    assert_eq!(kv[1].key.text, "B");
    let v = kv[1].value.as_ref().unwrap();
    assert_eq!(v.text, "\"two words\"");
    assert_eq!(v.unquoted('\\'), "two words");
    assert_eq!(kv[2].value.as_ref().unwrap().unquoted('\\'), "x y");
    assert_eq!(src(&f, kv[2].span), "C=x\\ y");
    assert!(!kv[0].legacy);

    let (f, i) = one("ENV PATH /usr/bin:$PATH  more\n");
    let Body::Env(kv) = &i.body else { panic!() };
    assert!(kv[0].legacy);
    assert_eq!(kv[0].key.text, "PATH");
    assert_eq!(kv[0].value.as_ref().unwrap().text, "/usr/bin:$PATH  more");
    assert_eq!(
        src(&f, kv[0].value.as_ref().unwrap().span),
        "/usr/bin:$PATH  more"
    );

    let (_, i) = one("ARG A B=2\n");
    let Body::Arg(kv) = &i.body else { panic!() };
    assert!(kv[0].value.is_none());
    assert_eq!(kv[1].value.as_ref().unwrap().text, "2");

    let (f, i) = one("LABEL a=b c\n");
    assert!(matches!(i.body, Body::Invalid));
    assert!(f.errors[0].message.contains("can't find ="));
    let (f, _) = one("ENV PATH\n");
    assert!(f.errors[0].message.contains("must have two arguments"));
}

#[test]
fn simple_instructions() {
    let f = parse(
        "FROM a\nEXPOSE 80 443/tcp\nVOLUME [\"/a\", \"/b\"]\nVOLUME /c /d\nWORKDIR /app\nUSER app:app\nSTOPSIGNAL SIGTERM\nMAINTAINER me <m@x>\nSHELL [\"/bin/bash\", \"-c\"]\nHEALTHCHECK NONE\nHEALTHCHECK --interval=5s CMD curl -f http://x/\nONBUILD RUN echo hi\n",
    );
    assert!(f.errors.is_empty(), "{:?}", f.errors);
    let b: Vec<&Body> = f.instructions.iter().map(|i| &i.body).collect();
    assert!(matches!(b[1], Body::Expose(w) if w.len() == 2));
    assert!(matches!(b[2], Body::Volume { paths, json: true } if paths.len() == 2));
    assert!(matches!(b[3], Body::Volume { paths, json: false } if paths[1].text == "/d"));
    assert!(matches!(b[4], Body::Workdir(w) if w.text == "/app"));
    assert!(matches!(b[5], Body::User(w) if w.text == "app:app"));
    assert!(matches!(b[6], Body::Stopsignal(w) if w.text == "SIGTERM"));
    assert!(matches!(b[7], Body::Maintainer(w) if w.text == "me <m@x>"));
    assert!(matches!(b[8], Body::Shell(w) if w.len() == 2));
    assert!(matches!(b[9], Body::Healthcheck(HealthcheckBody::None)));
    assert!(matches!(
        b[10],
        Body::Healthcheck(HealthcheckBody::Cmd(CommandForm::Shell { .. }))
    ));
    let Body::Onbuild(inner) = b[11] else {
        panic!()
    };
    assert_eq!(inner.keyword, Keyword::Run);
    assert_eq!(src(&f, inner.keyword_word.span), "RUN");
    assert_eq!(f.all_instructions().count(), 13);
}

#[test]
fn continuations_comments_and_empty_lines() {
    let text = "RUN apt-get update \\\n  # a comment\n\n  && apt-get install -y foo\nFROM x";
    let f = parse(text);
    let i = &f.instructions[0];
    assert_eq!(i.args.text, "apt-get update   && apt-get install -y foo");
    assert_eq!((i.line, i.end_line), (1, 4));
    assert_eq!(i.empty_continuation_lines.len(), 1);
    assert!(f.comments[0].in_continuation);
    assert_eq!(f.comments[0].text, " a comment");
    // cooked offsets map back to the source
    let at = i.args.text.find("install").unwrap();
    assert_eq!(src(&f, i.args.span_of(at, at + 7)), "install");
    assert_eq!(f.instructions[1].line, 5);
    assert_eq!(
        src(&f, f.instructions[0].span),
        &text[..text.find("\nFROM").unwrap()]
    );
}

#[test]
fn escape_directive_crlf_bom_no_final_newline() {
    let text = "\u{feff}# escape=`\r\nFROM a\r\nRUN echo `\r\n  b\r\nWORKDIR c:\\w";
    let f = parse(text);
    assert_eq!(f.escape, '`');
    assert_eq!(f.directives[0].name, "escape");
    assert_eq!(f.instructions[1].args.text, "echo   b");
    let Body::Workdir(w) = &f.instructions[2].body else {
        panic!()
    };
    assert_eq!(w.text, "c:\\w");
    assert_eq!(f.items[0].kind, ItemKind::Directive);
    assert_eq!(f.items[0].span.start, 0);
    assert!(f.errors.is_empty());
    // directives only at the very top
    let f = parse("FROM a\n# escape=`\n");
    assert!(f.directives.is_empty());
}

#[test]
fn heredocs() {
    let text = "FROM a\nRUN <<EOF\nset -e\napt-get update\nEOF\nCOPY <<-\"A\" <<B /d/\n\tx $y\n\tA\nz\nB\nRUN echo";
    let f = parse(text);
    assert!(f.errors.is_empty(), "{:?}", f.errors);
    let run = &f.instructions[1];
    assert_eq!((run.line, run.end_line), (2, 5));
    let h = &run.heredocs[0];
    assert_eq!(h.name, "EOF");
    assert_eq!(h.body, "set -e\napt-get update\n");
    assert_eq!(src(&f, h.marker_span), "<<EOF");
    assert_eq!(src(&f, h.terminator_span), "EOF");
    let script = h.script.as_ref().expect("RUN <<EOF is a script");
    assert_eq!(script.commands[1].name(), Some("apt-get"));
    assert_eq!(src(&f, script.commands[1].words[1].span), "update");

    let copy = &f.instructions[2];
    assert_eq!(copy.heredocs.len(), 2);
    assert!(copy.heredocs[0].strip_tabs && copy.heredocs[0].quoted);
    assert_eq!(copy.heredocs[0].body, "x $y\n");
    assert_eq!(copy.heredocs[1].body, "z\n");
    assert!(copy.heredocs[1].script.is_none());
    let Body::Copy(c) = &copy.body else { panic!() };
    assert_eq!(c.sources[0].text, "<<-\"A\"");
    assert_eq!(f.instructions[3].line, 11);

    // unterminated: an error, and the body runs to the end
    let f = parse("RUN <<EOF\necho\n");
    assert!(f.errors[0].message.contains("unterminated heredoc"));
    // exec form: no heredoc
    let f = parse("RUN [\"cat\", \"<<EOF\"]\nFROM a\n");
    assert_eq!(f.instructions.len(), 2);
}

#[test]
fn errors_recover() {
    let f = parse("FROM a\nFOO bar\nRUN \\\n\nCOPY a\nRUN ok\n");
    let messages: Vec<_> = f.errors.iter().map(|e| e.message.as_str()).collect();
    assert!(
        messages[0].starts_with("unknown instruction: FOO"),
        "{messages:?}"
    );
    assert_eq!(src(&f, f.errors[0].span), "FOO");
    assert_eq!(f.instructions.last().unwrap().args.text, "ok");
    assert!(matches!(f.instructions[1].body, Body::Invalid));
    assert!(parse("").errors[0].message.contains("no instructions"));
    assert!(parse("# only\n\n").errors[0]
        .message
        .contains("no instructions"));
}

#[test]
fn items_tile_odd_inputs() {
    for text in [
        "",
        "\n",
        "\\",
        "\\\n\\\n",
        "RUN a \\",
        "\u{feff}",
        "\u{feff}FROM a",
        "  \t\r\n\r\n",
        "RUN <<A <<B\n",
        "FROM a\r\r\n#x\r\n",
        "ONBUILD ONBUILD ONBUILD RUN x",
        "RUN é \\\n ü",
        "LABEL a=\"unterminated\nFROM b",
    ] {
        let f = parse(text);
        let mut at = 0;
        for item in &f.items {
            assert_eq!(item.span.start, at, "{text:?}");
            at = item.span.end;
        }
        assert_eq!(at, text.len(), "{text:?}");
        for i in f.all_instructions() {
            assert!(i.span.start <= i.span.end && i.span.end <= text.len());
        }
    }
}

#[test]
fn instruction_at_offset() {
    let text = "FROM a\n\nRUN x \\\n  y\n";
    let f = parse(text);
    assert_eq!(
        f.instruction_at(text.find('y').unwrap()).unwrap().keyword,
        Keyword::Run
    );
    assert_eq!(f.instruction_at(0).unwrap().keyword, Keyword::From);
    assert!(f.instruction_at(7).is_none());
}

#[test]
fn deep_nesting_does_not_overflow() {
    let n = 5000;
    let text = format!("RUN {}x{}\n", "$(".repeat(n), ")".repeat(n));
    let f = parse(&text);
    let Body::Run(CommandForm::Shell { script, .. }) = &f.instructions[0].body else {
        panic!()
    };
    // Substitutions are read 16 levels deep; deeper ones are reported.
    assert_eq!(script.commands.iter().map(|c| c.depth).max(), Some(16));
    assert!(script
        .errors
        .iter()
        .any(|e| e.message.contains("nested more than 16 deep")));
    let text = format!("RUN {}x{}\n", "$(".repeat(16), ")".repeat(16));
    let f = parse(&text);
    let Body::Run(CommandForm::Shell { script, .. }) = &f.instructions[0].body else {
        panic!()
    };
    assert_eq!(script.commands.iter().map(|c| c.depth).max(), Some(16));
    assert!(script.errors.is_empty());
    let text = format!("RUN {}\n", "$(".repeat(100_000));
    let _ = parse(&text);
    let text = format!("CMD {}\n", "[".repeat(100_000));
    let _ = parse(&text);
    let text = "ONBUILD ".repeat(50_000) + "RUN x\n";
    let _ = parse(&text);
    let text = format!("RUN {}\n", "if a; then ".repeat(20_000));
    let _ = parse(&text);
}

#[test]
fn shell_paren_after_words_is_a_shell_error() {
    let script = |text: &str| {
        let f = parse(text);
        let Body::Run(CommandForm::Shell { script, .. }) = &f.instructions[0].body else {
            panic!()
        };
        script.clone()
    };
    // PowerShell in a RUN read as sh: `(` cannot follow a command's words.
    let s = script("RUN Write-Host ('pip {0}' -f $env:V); pip --version\n");
    assert_eq!(s.errors.len(), 1, "{:?}", s.errors);
    assert_eq!(s.errors[0].message, "unexpected `(`");
    // Where `(` may start something, it is not an error.
    for ok in [
        "RUN (cd /tmp && make) && f() { echo; }\n",
        "RUN g() (echo) ; a=(1 2) ; case x in (a) echo ;; esac\n",
        "RUN if (true); then echo; fi && echo $(date) <(ls)\n",
    ] {
        assert!(
            script(ok).errors.is_empty(),
            "{ok}: {:?}",
            script(ok).errors
        );
    }
}

#[test]
fn shell_pipes_into_compounds_and_inside_backquotes() {
    let ops = |text: &str| {
        let f = parse(text);
        let Body::Run(CommandForm::Shell { script, .. }) = &f.instructions[0].body else {
            panic!()
        };
        script
            .commands
            .iter()
            .map(|c| (c.words[0].value.clone(), c.op_before, c.pipeline))
            .collect::<Vec<_>>()
    };
    use drydock_core::syntax::shell::Op;
    // A pipe feeding a loop, a subshell or a group: its first command
    // carries the pipe, in the same pipeline.
    for text in [
        "RUN cat l | while read i; do echo $i; done\n",
        "RUN tar cf - . | ( cd /d && tar xf - )\n",
        "RUN cat l | { read a; }\n",
    ] {
        let found = ops(text);
        assert_eq!(found[1].1, Some(Op::Pipe), "{text}: {found:?}");
        assert_eq!(found[0].2, found[1].2, "{text}: {found:?}");
    }
    // Other operators before a compound are still dropped.
    assert_eq!(ops("RUN a && ( b )\n")[1].1, None);
    // `${…}`, `$(…)` and quotes inside backquotes end where they end.
    let found = ops("RUN a `b ${X} | c 'd|e'` \"`f $(g) | h`\"\n");
    let names: Vec<&str> = found.iter().map(|f| f.0.as_str()).collect();
    assert_eq!(names, ["a", "b", "c", "f", "g", "h"], "{found:?}");
    assert_eq!(found[2].1, Some(Op::Pipe));
    assert_eq!(found[5].1, Some(Op::Pipe));
}
