// Package protocols defines the Protocol interface, the settings every
// protocol shares, the prompt templates' data, and the registry.
//
// A protocol only says who speaks next, what each speaker sees, and when the
// episode ends: it declares the states and events of a looplab/fsm machine
// and, for each state, the Step to take. It calls no agent itself; the
// engine drives the machine.
package protocols
