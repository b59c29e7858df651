// Package batch sends an agent's calls through a provider's batch API
// (OpenAI's /v1/files and /v1/batches, servers that copy them, and Together
// AI's: Settings.API) at its discount, as a decorator of the agent, like
// the response cache.
//
// A batch agent's Generate does not call the endpoint: it queues its
// request and waits. A Run counts the paths of calls in flight — an
// episode's worker, or one seat of a simultaneous turn — that the engine
// tells it of (Enter, Leave); once every path either waits on a batch or
// has ended, the queued requests of each agent are sent as one batch (or
// several, split by the provider's limits), polled with backoff, and their
// answers handed back. So every episode's first call goes in one batch,
// then every second call, and so on, while agents that are not batched
// answer live in the same run.
//
// Each upload and batch is written to the run folder's journal (JournalFile)
// before it is waited on, with the custom ids — the agent's cache keys — of
// its requests: a run interrupted while a batch is pending, resumed, waits
// on that batch instead of paying for another. A batch is asked for after
// a journal line says so: a resume whose upload has that line and no batch
// listed looks again for a while (the killed run may have made one that
// the provider does not list yet) before it creates one. A
// request that failed or expired in a batch goes again, in the next batch
// or live (Settings.Retry).
// A batch not ended Settings.MaxWait after its creation is cancelled: its
// answers are kept, and the requests it left undone go again likewise.
// A batch the provider failed for lines of its input that it names fails
// those lines' requests at once; its others go again, no failure counted.
package batch
