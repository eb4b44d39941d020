//! How a run ends, as grep reports it: the one place the exit codes are defined (after fd's
//! `exit_codes.rs`). Every command returns an [`ExitCode`]; only `cmd::main` turns it into the
//! process's status.

/// The outcome of a command, as its exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitCode {
    /// Something matched, or the command did its job: 0.
    Found,
    /// The command ran fine but nothing matched: 1.
    NotFound,
    /// Any error: bad input, bad arguments, an unusable index: 2.
    Error,
    /// The user cancelled the finder (Esc, Ctrl-C): 130, as fzf and a shell's Ctrl-C.
    Cancelled,
}

impl ExitCode {
    /// The number the process exits with.
    pub fn code(self) -> u8 {
        match self {
            Self::Found => 0,
            Self::NotFound => 1,
            Self::Error => 2,
            Self::Cancelled => 130,
        }
    }
}

impl From<ExitCode> for std::process::ExitCode {
    fn from(code: ExitCode) -> Self {
        Self::from(code.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_greps() {
        assert_eq!(ExitCode::Found.code(), 0);
        assert_eq!(ExitCode::NotFound.code(), 1);
        assert_eq!(ExitCode::Error.code(), 2);
        assert_eq!(ExitCode::Cancelled.code(), 130);
    }
}
