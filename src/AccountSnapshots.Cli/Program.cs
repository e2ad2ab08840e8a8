using System.CommandLine;

var root = new RootCommand("account-snapshots: immutable snapshots of Conduit and 3Commas account lists, and the aggregate dashboards read.");
return await root.Parse(args).InvokeAsync();
