using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;

namespace RECertificates.Simulator;

/// <summary>A database of the simulated cluster, as GET /v1/bdbs reports it: one endpoint on every node.</summary>
public sealed record SimulatedDatabase(int Uid, string Name, bool Tls, int Port, bool ClientCertificateRequired);

/// <summary>One TLS handshake a node listener saw, for /__sim/handshakes: proof of what a probe sent.</summary>
public sealed record Handshake(int Node, string Name, int Port, bool Completed, string? ClientCertificate, int BytesAfterHandshake);

/// <summary>
/// The TLS endpoints every node serves besides node 1's REST API (which Kestrel answers): node k listens on
/// 127.0.0.k, the same port on every node as on a real cluster, for `api` (nodes 2..N: TLS only, no HTTP; the
/// module's REST calls go to node 1), `cm`, `metrics_exporter` and each TLS database (`proxy`). Each presents the
/// certificate that node holds (ServedCertificates). Ports are chosen free at start, the same on all nodes.
/// </summary>
public sealed class NodeListeners
{
    private readonly List<(TcpListener Listener, int Uid, string Name, bool ClientCertificateRequired)> _listeners = [];
    private readonly ConcurrentQueue<Handshake> _handshakes = new();

    public int NodeCount { get; }

    /// <summary>Node 1's is Kestrel's; 0 until known when the OS picks it.</summary>
    public int ApiPort { get; private set; }

    public int CmPort { get; }

    public int MetricsPort { get; }

    public IReadOnlyList<SimulatedDatabase> Databases { get; }

    private readonly int _addressBase;

    /// <summary>Node <paramref name="uid"/>'s loopback address: 127.0.0.(base + uid - 1), base 1 unless --address-base.</summary>
    public IPAddress AddressOf(int uid) => new([127, 0, 0, (byte)(_addressBase + uid - 1)]);

    private NodeListeners(SimulatorOptions options)
    {
        NodeCount = options.Nodes;
        _addressBase = options.AddressBase;
        var nodes = Enumerable.Range(1, NodeCount).ToList();
        // Nodes 2..N listen on the API port first, then node 1's socket is let go for Kestrel to take.
        if (NodeCount > 1)
        {
            ApiPort = BindGroup(nodes, options.Port, "api", false, keepFirst: false);
        }
        else
        {
            ApiPort = options.Port;
        }
        CmPort = BindGroup(nodes, 0, "cm", false);
        MetricsPort = BindGroup(nodes, options.MetricsPort, "metrics_exporter", false);
        var tlsPort = BindGroup(nodes, 0, "proxy", options.DatabaseClientCertificate);
        // A plain database: reported with tls_mode disabled, and nothing listens on its port (a probe must skip it).
        var plainPort = FreePort();
        Databases =
        [
            new SimulatedDatabase(1, "db-tls", true, tlsPort, options.DatabaseClientCertificate),
            new SimulatedDatabase(2, "db-plain", false, plainPort, false),
        ];
    }

    /// <summary>Binds every node's sockets now, before Kestrel starts, so the ports are known and held.</summary>
    public static NodeListeners Bind(SimulatorOptions options) => new(options);

    /// <summary>Kestrel's port for node 1's API, once it listens (when the OS chose it).</summary>
    public void KestrelListensOn(int port) => ApiPort = port;

    public IEnumerable<Handshake> Handshakes => _handshakes.ToArray();

    public void ClearHandshakes() => _handshakes.Clear();

    /// <param name="down">The nodes that are down: their listeners reset every connection.</param>
    public void Start(ClusterState state, FaultInjector faults, DownNodes down)
    {
        var served = new ServedCertificates(state, faults);
        foreach (var (listener, uid, name, clientCertificateRequired) in _listeners)
        {
            _ = Task.Run(() => AcceptAsync(listener, uid, name, clientCertificateRequired, state, down, served));
        }
    }

    private async Task AcceptAsync(TcpListener listener, int uid, string name, bool clientCertificateRequired,
        ClusterState state, DownNodes down, ServedCertificates served)
    {
        while (true)
        {
            TcpClient client;
            try { client = await listener.AcceptTcpClientAsync(); }
            catch (Exception e) when (e is SocketException or ObjectDisposedException) { return; }
            _ = Task.Run(() => ServeAsync(client, uid, name, clientCertificateRequired, state, down, served));
        }
    }

    private async Task ServeAsync(TcpClient client, int uid, string name, bool clientCertificateRequired,
        ClusterState state, DownNodes down, ServedCertificates served)
    {
        using var _ = client;
        var port = ((IPEndPoint)client.Client.LocalEndPoint!).Port;
        if (down.Contains(uid))
        {
            // A node that is down: the connection is reset before any byte of TLS.
            client.LingerState = new LingerOption(true, 0);
            return;
        }
        await state.Ready;
        if (served.For(uid - 1, name) is not { } certificate) return;

        using var tls = new SslStream(client.GetStream(), leaveInnerStreamOpen: false);
        string? clientSubject = null;
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
            {
                ServerCertificateContext = certificate.Context,
                ClientCertificateRequired = clientCertificateRequired,
                // A database that wants mutual TLS refuses a client without a certificate, after presenting its own.
                RemoteCertificateValidationCallback = (_, presented, _, _) =>
                {
                    clientSubject = presented?.Subject;
                    return !clientCertificateRequired || presented is not null;
                },
            }, deadline.Token);
        }
        catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException or OperationCanceledException)
        {
            _handshakes.Enqueue(new Handshake(uid, name, port, false, clientSubject, 0));
            return;
        }

        // Counts what the client sends after the handshake (a probe sends nothing and closes).
        var received = 0;
        var buffer = new byte[4096];
        try
        {
            using var idle = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            int read;
            while ((read = await tls.ReadAsync(buffer, idle.Token)) > 0) received += read;
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or System.Security.Authentication.AuthenticationException)
        {
        }
        _handshakes.Enqueue(new Handshake(uid, name, port, true, clientSubject, received));
    }

    /// <summary>Binds one port on every node (the same number), retrying with another when the OS's pick is taken elsewhere.</summary>
    private int BindGroup(IReadOnlyList<int> uids, int port, string name, bool clientCertificateRequired, bool keepFirst = true)
    {
        for (var attempt = 0; ; attempt++)
        {
            var bound = new List<TcpListener>();
            try
            {
                var chosen = port;
                foreach (var uid in uids)
                {
                    var listener = new TcpListener(AddressOf(uid), chosen);
                    listener.Start();
                    bound.Add(listener);
                    if (chosen == 0) chosen = ((IPEndPoint)listener.LocalEndpoint).Port;
                }
                if (!keepFirst)
                {
                    bound[0].Stop();
                    bound.RemoveAt(0);
                }
                foreach (var (listener, index) in bound.Select((l, i) => (l, i)))
                {
                    var uid = keepFirst ? uids[index] : uids[index + 1];
                    _listeners.Add((listener, uid, name, clientCertificateRequired));
                }
                return chosen;
            }
            catch (SocketException e)
            {
                foreach (var listener in bound) listener.Stop();
                if (port != 0 || attempt >= 50)
                    throw new OptionsException($"Cannot listen for '{name}' on port {port} of the node addresses {AddressOf(1)}..{AddressOf(uids.Count)}: {e.Message}");
            }
        }
    }

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);  // a number nobody listens on, for the plain database
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }
}
