using AccountSnapshots.Tests.FunctionsHost.Rpc;

namespace AccountSnapshots.Tests.FunctionsHost;

/// <summary>One timer firing: the resolved schedule, the occurrence the host fired for, the TimerInfo sent, the worker's answer.</summary>
internal sealed record TimerInvocation(string Schedule, DateTimeOffset Occurrence, string TimerInfoJson, InvocationResponse Response);
