//! The command line: `--flag VALUE` pairs, switches and positionals.

use crate::Failure;

/// Pulls `--flag VALUE` pairs and positionals out of the arguments.
pub(crate) struct Args {
    pub(crate) positional: Vec<String>,
    options: Vec<(String, Option<String>)>,
}

impl Args {
    pub(crate) fn parse(
        args: &[String],
        with_value: &[&str],
        switches: &[&str],
    ) -> Result<Args, Failure> {
        let mut out = Args {
            positional: Vec::new(),
            options: Vec::new(),
        };
        let mut it = args.iter();
        while let Some(a) = it.next() {
            if let Some((flag, value)) = a.split_once('=').filter(|_| a.starts_with("--")) {
                if !with_value.contains(&flag) {
                    return Err(Failure::Usage(format!("unknown option `{flag}`")));
                }
                out.options.push((flag.to_owned(), Some(value.to_owned())));
            } else if with_value.contains(&a.as_str()) {
                let value = it
                    .next()
                    .ok_or_else(|| Failure::Usage(format!("`{a}` needs a value")))?;
                out.options.push((a.clone(), Some(value.clone())));
            } else if switches.contains(&a.as_str()) {
                out.options.push((a.clone(), None));
            } else if a.starts_with('-') && a != "-" {
                // `-x` too: a path starting with `-` can be given as `./-x`.
                return Err(Failure::Usage(format!("unknown option `{a}`")));
            } else {
                out.positional.push(a.clone());
            }
        }
        Ok(out)
    }

    pub(crate) fn value(&self, flag: &str) -> Option<&str> {
        self.options
            .iter()
            .rev()
            .find(|(f, _)| f == flag)
            .and_then(|(_, v)| v.as_deref())
    }

    pub(crate) fn has(&self, flag: &str) -> bool {
        self.options.iter().any(|(f, _)| f == flag)
    }

    pub(crate) fn number(&self, flag: &str) -> Result<Option<u64>, Failure> {
        self.value(flag)
            .map(|v| {
                v.replace('_', "").parse::<u64>().map_err(|_| {
                    Failure::Usage(format!("`{flag}` wants a whole number, not `{v}`"))
                })
            })
            .transpose()
    }
}
