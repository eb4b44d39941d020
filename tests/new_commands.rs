//! The commands of issue 13 (`trend`, `seen`, `export`) and `query --like`/`--format tsv` as a
//! user discovers them: each `--help` shows an example, every shell's completions offer them.

mod common;

/// Stdout of `backissues ARGS`, which must succeed.
fn stdout(args: &[&str]) -> String {
    common::stdout_of(common::backissues().args(args))
}

#[test]
fn each_new_command_shows_an_example_in_its_help() {
    for (command, example) in [
        ("trend", "backissues trend docker kubernetes --share"),
        (
            "seen",
            "backissues seen https://github.com/kiali https://example.com/new-post",
        ),
        (
            "export",
            "backissues export --year 2020 --section tools | jq -r .url",
        ),
        (
            "query",
            "backissues query --like https://github.com/kiali --year 2020",
        ),
        (
            "query",
            "backissues query kubernetes --format tsv | cut -f1,2",
        ),
    ] {
        let help = stdout(&[command, "--help"]);
        assert!(help.contains("Examples:"), "{command}: {help}");
        assert!(help.contains(example), "{command}: {help}");
    }
}

#[test]
fn completions_offer_the_new_commands_and_flags() {
    let bash = stdout(&["completions", "bash"]);
    for command in ["trend", "seen", "export"] {
        assert!(
            bash.contains(&format!("backissues,{command})")),
            "bash lacks {command}"
        );
    }
    assert!(bash.contains("--like"));
    assert!(bash.contains("--share"));
    let zsh = stdout(&["completions", "zsh"]);
    for command in ["trend", "seen", "export"] {
        assert!(zsh.contains(&format!("'{command}:")), "zsh lacks {command}");
    }
    let fish = stdout(&["completions", "fish"]);
    for command in ["trend", "seen", "export"] {
        assert!(
            fish.contains(&format!("-f -a \"{command}\"")),
            "fish lacks {command}"
        );
    }
    assert!(fish.contains("tsv"));
}
