package main

// The plug-ins moot is built with: every protocol, agent backend, task
// generator and dataset loader registers itself by name from its init.
// A new one is one line here.
import (
	_ "github.com/mootlab/moot/agents/openai"
	_ "github.com/mootlab/moot/agents/sim"
	_ "github.com/mootlab/moot/protocols/consultancy"
	_ "github.com/mootlab/moot/protocols/debate"
	_ "github.com/mootlab/moot/protocols/direct"
	_ "github.com/mootlab/moot/protocols/grade"
	_ "github.com/mootlab/moot/protocols/mad"
	_ "github.com/mootlab/moot/protocols/society"
	_ "github.com/mootlab/moot/tasks/code"
	_ "github.com/mootlab/moot/tasks/finance"
	_ "github.com/mootlab/moot/tasks/loaders"
	_ "github.com/mootlab/moot/tasks/math"
	_ "github.com/mootlab/moot/tasks/qa"
)
