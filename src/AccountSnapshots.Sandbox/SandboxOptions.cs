namespace AccountSnapshots.Sandbox;

/// <summary>How to start the sandbox: where it listens, how much data it generates, and the faults to inject.</summary>
public sealed class SandboxOptions
{
    /// <summary>Kestrel URL(s), separated by ';'. Default <c>http://127.0.0.1:0</c> (a free loopback port).</summary>
    public string Urls { get; set; } = "http://127.0.0.1:0";

    /// <summary>Number of Conduit clients served. Default 40.</summary>
    public int ConduitClients { get; set; } = 40;

    /// <summary>Number of 3Commas accounts served. Default 12.</summary>
    public int ThreeCommasAccounts { get; set; } = 12;

    /// <summary>Seed of the generated data; the same seed always gives the same data. Default 42.</summary>
    public int Seed { get; set; } = 42;

    /// <summary>Faults to enqueue at start, in <see cref="SandboxFault.Parse(string)"/> syntax, e.g. <c>conduit:500x3</c>.</summary>
    public IList<string> Faults { get; init; } = [];

    /// <summary>Credentials the stand-ins accept. Default <see cref="SandboxCredentials.Default"/>.</summary>
    public SandboxCredentials Credentials { get; set; } = SandboxCredentials.Default;

    /// <summary>When set, 3Commas also accepts RSA (PKCS#1 v1.5, SHA-256, base64) signatures verified with this PEM public key.</summary>
    public string? ThreeCommasRsaPublicKeyPem { get; set; }

    /// <summary>
    /// When true the data is a function of <see cref="TimeProvider"/>'s moment: balances and valuations walk, a few
    /// clients join and leave, one exchange key expires and is repaired, one Conduit slot a week fails. Default false
    /// (the same data at every moment, which the tests rely on).
    /// </summary>
    public bool MovesWithTime { get; set; }

    /// <summary>Clock for the request log, HTTP-date Retry-After values and, with <see cref="MovesWithTime"/>, the data. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
