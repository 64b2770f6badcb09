// The Redis Enterprise cluster simulator: a stand-in for a cluster's REST API, for the module's tests.
// Reading order: options -> state -> Kestrel (TLS presents the `api` certificate) -> the /v1 pipeline
// (log, faults, auth, endpoints) -> /__sim control endpoints -> the start-up lines tests wait for.
using System.Net;
using System.Net.Security;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using RECertificates.Simulator;

SimulatorOptions options;
try
{
    options = SimulatorOptions.Parse(args);
}
catch (OptionsException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine("Try --help.");
    return 2;
}
if (options.ShowHelp)
{
    Console.WriteLine(SimulatorOptions.Usage);
    return 0;
}

var state = new ClusterState(options.ClusterName, options.Nodes, SelfSignedCertificates.StartClusterSet(options.ClusterName, options.Behaviour));
// One set of down nodes for GET /v1/nodes, the node listeners and rotation; --down-node starts it, the faults change it.
var downNodes = new DownNodes(options.DownNodes);
var faults = new FaultInjector(options, downNodes);
var errors = new ErrorWriter(faults);
var log = new RequestLog();
var connections = new ConnectionCounter();
var lockout = new LoginLockout(TimeSpan.FromSeconds(options.LockoutSeconds));
var auth = new BasicAuth(options, lockout, errors);
var certificateAuth = new CertificateAuth(options, state, errors);
// With --client-ca the cluster starts with that bundle as mtls_trusted_ca, before any request is answered.
var ready = options.ClientCaPem is { } clientCa
    ? state.Ready.ContinueWith(_ => state.Change(state.EveryNode, node => node["mtls_trusted_ca"] = new StoredCertificate(clientCa, null)), TaskScheduler.Default)
    : state.Ready;
var outage = new InternodeApiOutage(options);
NodeListeners listeners;
try
{
    listeners = NodeListeners.Bind(options);
}
catch (OptionsException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}
var lifecycle = new LifecycleState(options, downNodes);
var cluster = new ClusterEndpoints(options, state, faults, errors, outage, listeners, lifecycle, new LifecycleEndpoints(options, lifecycle, errors));
var control = new ControlEndpoints(state, faults, log, connections, lockout, listeners, lifecycle);

// Our own arguments are not host configuration; the content root must not depend on the caller's directory.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = [],
    ContentRootPath = AppContext.BaseDirectory,
    EnvironmentName = Environments.Production,
});
// stdout is a protocol (the start-up lines), so logs stay quiet and go to stderr.
builder.Configuration["Logging:LogLevel:Default"] = "Warning";
builder.Logging.ClearProviders();
builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
// A test runner stopping us should not wait the default 30 s for a request held by injected latency.
builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(1));
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.AddServerHeader = false;
    kestrel.Listen(listeners.AddressOf(1), listeners.ApiPort, listen =>
    {
        // HTTP/1.1 only, so "drop the connection" and "open connections" mean exactly that.
        listen.Protocols = HttpProtocols.Http1;
        listen.Use(connections.Middleware);
        // Asked at every handshake, so a rotated `api` certificate is what the next connection sees.
        listen.UseHttps(new TlsHandshakeCallbackOptions
        {
            OnConnection = _ => ValueTask.FromResult(new SslServerAuthenticationOptions
            {
                ServerCertificateContext = state.ServedApi.Context,
                ApplicationProtocols = [SslApplicationProtocol.Http11],
                // Certificate login: ask for a client certificate, take any (CertificateAuth checks it against
                // the cluster's mtls_trusted_ca), and let clients without one fall back to Basic.
                ClientCertificateRequired = options.ClientCaPem is not null,
                RemoteCertificateValidationCallback = (_, _, _, _) => true,
            }),
        });
    });
});

var app = builder.Build();
// The listening line comes as soon as `api` exists; the first request waits for the other six certificates.
app.Use(async (context, next) =>
{
    await ready;
    await next(context);
});
app.Map("/__sim", sim => sim.Run(control.HandleAsync));
// /v4 (the health report) goes through the same log, faults and auth as /v1.
foreach (var api in new[] { "/v1", "/v4" })
{
    app.Map(api, preserveMatchedPathSegment: true, v1 =>
    {
        v1.Use((context, next) => log.InvokeAsync(context, () => next(context)));
        v1.Use((context, next) => outage.InvokeAsync(context, () => next(context)));
        v1.Use((context, next) => faults.InvokeAsync(context, () => next(context), errors));
        v1.Use((context, next) => certificateAuth.InvokeAsync(context, () => next(context)));
        v1.Use((context, next) => auth.InvokeAsync(context, () => next(context)));
        v1.Run(cluster.HandleAsync);
    });
}
app.Run(context => errors.WriteAsync(context, 404, "not_found", $"No such resource: {context.Request.Path}."));

await app.StartAsync();

var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
var port = new Uri(address).Port;
var url = $"https://{listeners.AddressOf(1)}:{port}";
listeners.KestrelListensOn(port);
listeners.Start(state, faults, downNodes);
var served = state.ServedApi;
Console.Out.WriteLine($"Listening on {url}");
Console.Out.WriteLine($"Thumbprint: {served.ThumbprintSha1}");
Console.Out.WriteLine($"ThumbprintSha256: {served.ThumbprintSha256}");
Console.Out.WriteLine($"Cluster: {options.ClusterName}");
Console.Out.Flush();

if (options.InfoFile is { } infoFile)
{
    // Written then moved, so a test polling for the file never reads half of it.
    var temporary = $"{infoFile}.{Environment.ProcessId}.tmp";
    File.WriteAllText(temporary, JsonSerializer.Serialize(new
    {
        url,
        thumbprint = served.ThumbprintSha1,
        thumbprintSha256 = served.ThumbprintSha256,
        pid = Environment.ProcessId,
        clusterName = options.ClusterName,
        cmPort = listeners.CmPort,
        metricsPort = listeners.MetricsPort,
        databasePort = listeners.Databases.First(db => db.Tls).Port,
        nodes = Enumerable.Range(1, listeners.NodeCount).Select(uid => listeners.AddressOf(uid).ToString()).ToArray(),
    }));
    File.Move(temporary, infoFile, overwrite: true);
}

if (options.ExitOnStdinClose)
{
    // A test runner that dies closes our stdin; without this we would outlive it and hold the port.
    var lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
    new Thread(() =>
    {
        using var stdin = Console.OpenStandardInput();
        var buffer = new byte[256];
        while (stdin.Read(buffer, 0, buffer.Length) > 0)
        {
        }
        lifetime.StopApplication();
    }) { IsBackground = true, Name = "stdin watcher" }.Start();
}

await app.WaitForShutdownAsync();
return 0;
