//! Exit codes, following grep: the one place they are defined.

/// Something matched (or the command did its job).
pub const FOUND: u8 = 0;
/// The command ran fine but nothing matched.
pub const NOT_FOUND: u8 = 1;
/// Any error: bad input, bad arguments, an unusable index.
pub const ERROR: u8 = 2;
