//! `cargo xtask`: project tasks. Run `cargo xtask help`.

mod codegen;

use std::process::ExitCode;

const HELP: &str = "\
cargo xtask <task> [options]

Tasks:
  codegen     Generate the MWAA Serverless crate (model/mwaa-serverless.json -> generated/)
              --model PATH        the Smithy JSON AST model
              --out DIR           the crate directory to write
              --operations A,B    only these operations and the shapes they reach
              --check             write nothing; fail listing the files that differ
  help        This text
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((task, rest)) = args.split_first() else {
        eprint!("{HELP}");
        return ExitCode::FAILURE;
    };
    let result = match task.as_str() {
        "codegen" => codegen::run(rest),
        "help" | "--help" | "-h" => {
            print!("{HELP}");
            Ok(())
        }
        other => Err(format!("unknown task `{other}`\n\n{HELP}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}
