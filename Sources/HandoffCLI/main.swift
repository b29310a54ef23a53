HandoffCommand.runAsTool()
