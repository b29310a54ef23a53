Tool.run(CommandLine.arguments)
