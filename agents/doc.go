// Package agents defines the Agent interface that every backend implements,
// the request and response types the engine exchanges with agents, and the
// registry of backends.
//
// The engine is the only caller of agents. What an agent may know is what
// its Request carries: the rendered chat messages, and a View of the
// question limited to what its role may see. No type in this package has a
// field for the gold label.
package agents
