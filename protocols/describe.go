package protocols

// Describer is implemented by a protocol that can say in a sentence or two
// who speaks, what the judge sees, and how many assignments each question
// is played in. moot protocols list and docs/protocols.md show it.
//
// Description does not depend on the protocol's settings beyond what
// distinguishes protocols registered by one package (direct and
// direct-with-context), so that it documents the protocol, not one
// configuration of it.
type Describer interface {
	Description() string
}
