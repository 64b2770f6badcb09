namespace RECertificates.Simulator;

/// <summary>What the command line asked for. Parsing lives here so Program.cs reads as a story.</summary>
public sealed class SimulatorOptions
{
    public int Port { get; private set; }
    public string User { get; private set; } = "admin@example.com";
    public string Password { get; private set; } = "Passw0rd!";
    public string? ViewerUser { get; private set; }
    public string? ViewerPassword { get; private set; }
    public string ClusterName { get; private set; } = "cluster.local";
    public int Nodes { get; private set; } = 3;
    public int MetricsPort { get; private set; }
    public int AddressBase { get; private set; } = 1;
    public bool DatabaseClientCertificate { get; private set; }
    public string Version { get; private set; } = "7.22.2-54";
    public string? InfoFile { get; private set; }
    public int LatencyMs { get; private set; }
    public int FailNodeUpdates { get; private set; }
    public int? FaultStatusCode { get; private set; }
    public int FaultStatusCount { get; private set; } = 1;
    public int DropConnections { get; private set; }
    public int LockoutSeconds { get; private set; } = 1800;
    public ErrorBodyStyle ErrorBody { get; private set; } = ErrorBodyStyle.Description;
    public bool ExitOnStdinClose { get; private set; }
    public bool BasicAuthOff { get; private set; }
    public string? ClientCaPem { get; private set; }
    public string? CertificateUser { get; private set; }
    public bool ShowHelp { get; private set; }

    public Dictionary<int, string> NodeVersions { get; } = [];
    public string ControlCipherSuites { get; private set; } = "";
    public string DataCipherList { get; private set; } = "";
    public string DataCipherSuitesTls13 { get; private set; } = "";
    public List<int> DownNodes { get; } = [];
    public bool RotationUnsupported { get; private set; }
    public bool OcspOn { get; private set; }
    public string OcspStatus { get; private set; } = "GOOD";
    public bool HasOcsp { get; private set; } = true;
    public int InternodeOutageSeconds { get; private set; }

    /// <summary>How the cluster behaves: as --version (the lowest node, in a real cluster being upgraded).</summary>
    public VersionBehaviour Behaviour => new(Version);

    public const string Usage = """
        Usage: RECertificates.Simulator [options]
          --port N                  the REST API port, the same on every node (0 = the OS picks; default 0)
          --user EMAIL              admin user (default admin@example.com)
          --password PW             admin password (default Passw0rd!)
          --viewer-user EMAIL       a second user without update_cluster (writes get 403, keys are hidden)
          --viewer-password PW      its password (required with --viewer-user)
          --cluster-name NAME       cluster FQDN (default cluster.local)
          --nodes N                 number of nodes (default 3); node K listens on 127.0.0.K: the API port
                                    (TLS only on nodes 2..N), cm_port, the metrics port and each TLS database
                                    port, each presenting the certificate that node holds
          --address-base K          node 1 listens on 127.0.0.K, node 2 on 127.0.0.(K+1), ... (default 1), so
                                    several simulators can share the metrics port on different addresses
          --metrics-port N          the metrics_exporter port on every node (0 = free, the default; the real
                                    cluster uses 8070)
          --db-client-cert          the TLS database endpoint asks for a client certificate (mutual TLS)
          --version X               behave as this version, the software_version of the nodes (default
                                    7.22.2-54): names it knows, PUT /v1/cluster/certificates from 7.22.2
                                    (404 before), RS199373 (a ccs_internode_encryption update mixed with
                                    others swaps the keys of the pairs) before 8.0.20-68
          --node-version UID=X      GET /v1/nodes reports version X for node UID (repeatable; the cluster
                                    still behaves as --version)
          --internode-outage-seconds N  RS208996 (versions 7.22.2 to before 8.0.20-96): after an accepted
                                    internode certificate, /v1 connections are dropped for N seconds
          --down-node UID           node UID is down (repeatable): GET /v1/nodes reports it 'down', its node
                                    listeners reset every connection, and an internal certificate rotation skips
                                    it before 8.2.0-46 (RS200137), later answers 400; the start value of the
                                    downNodes fault, which DELETE /__sim/faults returns to
          --rotation-unsupported    POST /v1/cluster/certificates/rotate answers 403
          --ocsp-status STATUS      OCSP on, and POST /v1/ocsp/test answers STATUS (GOOD, REVOKED, UNKNOWN)
          --no-ocsp                 no /v1/ocsp endpoints (404), as on older clusters
          --control-cipher-suites S GET /v1/cluster control_cipher_suites (default empty: the default suites);
                                    from 8.2 an api, cm or metrics_exporter certificate whose key these
                                    suites cannot serve is refused (400 cipher_suite_mismatch)
          --data-cipher-list S      data_cipher_list, the same for proxy (with the next)
          --data-cipher-suites-tls-1-3 S  data_cipher_suites_tls_1_3
          --info-file PATH          write {url, thumbprint, thumbprintSha256, pid, clusterName, cmPort,
                                    metricsPort, databasePort, nodes} once listening
          --latency-ms N            every /v1 request waits N ms
          --fail-node-updates N     the next N certificate writes miss the last node and answer 409
          --fault-status CODE[:N]   the next N (default 1) /v1 requests answer CODE
          --drop-connections N      the next N /v1 requests have their connection aborted
          --lockout-seconds N       how long five failed logins lock a user (default 1800)
          --error-body STYLE        description | message | empty | text | echo (default description)
          --exit-on-stdin-close     exit when stdin closes (so a dead parent does not leave it running)
          --basic-auth-off          refuse HTTP Basic with 401, as 8.2 does with control_plane_basic_authentication off
          --client-ca PATH          PEM CA bundle: seeds mtls_trusted_ca and turns certificate login on (the TLS
                                    handshake asks for a client certificate; it is checked against mtls_trusted_ca)
          --certificate-user LINE   the admin user's certificate_subject_line (RFC 2253, e.g. CN=ops,O=Example);
                                    needs --client-ca
          --help                    this text
        """;

    /// <exception cref="OptionsException">An argument is unknown, lacks its value, or has a bad value.</exception>
    public static SimulatorOptions Parse(IReadOnlyList<string> args)
    {
        var options = new SimulatorOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new OptionsException($"{name} needs a value.");
            switch (name)
            {
                case "--help" or "-h" or "-?": options.ShowHelp = true; break;
                case "--exit-on-stdin-close": options.ExitOnStdinClose = true; break;
                case "--basic-auth-off": options.BasicAuthOff = true; break;
                case "--client-ca":
                    var caPath = NonEmpty(name, Value());
                    try { options.ClientCaPem = File.ReadAllText(caPath); }
                    catch (IOException e) { throw new OptionsException($"--client-ca '{caPath}' cannot be read: {e.Message}"); }
                    break;
                case "--certificate-user": options.CertificateUser = NonEmpty(name, Value()); break;
                case "--port": options.Port = Integer(name, Value(), 0, 65535); break;
                case "--user": options.User = NonEmpty(name, Value()); break;
                case "--password": options.Password = NonEmpty(name, Value()); break;
                case "--viewer-user": options.ViewerUser = NonEmpty(name, Value()); break;
                case "--viewer-password": options.ViewerPassword = NonEmpty(name, Value()); break;
                case "--cluster-name": options.ClusterName = NonEmpty(name, Value()); break;
                case "--nodes": options.Nodes = Integer(name, Value(), 1, 100); break;
                case "--address-base": options.AddressBase = Integer(name, Value(), 1, 254); break;
                case "--metrics-port": options.MetricsPort = Integer(name, Value(), 0, 65535); break;
                case "--db-client-cert": options.DatabaseClientCertificate = true; break;
                case "--version":
                    options.Version = NonEmpty(name, Value());
                    if (VersionBehaviour.Parse(options.Version) is null)
                        throw new OptionsException($"--version '{options.Version}' is not like 7.22.2-54.");
                    break;
                case "--node-version":
                    var pair = Value().Split('=', 2);
                    if (pair.Length != 2) throw new OptionsException("--node-version is UID=VERSION, such as 2=8.0.20-96.");
                    options.NodeVersions[Integer(name, pair[0], 1, 100)] = NonEmpty(name, pair[1]);
                    break;
                case "--down-node": options.DownNodes.Add(Integer(name, Value(), 1, 100)); break;
                case "--rotation-unsupported": options.RotationUnsupported = true; break;
                case "--ocsp-status":
                    options.OcspStatus = Value().ToUpperInvariant();
                    if (options.OcspStatus is not ("GOOD" or "REVOKED" or "UNKNOWN")) throw new OptionsException("--ocsp-status is GOOD, REVOKED or UNKNOWN.");
                    options.OcspOn = true;
                    break;
                case "--no-ocsp": options.HasOcsp = false; break;
                case "--internode-outage-seconds": options.InternodeOutageSeconds = Integer(name, Value(), 0, 3600); break;
                case "--control-cipher-suites": options.ControlCipherSuites = Value(); break;
                case "--data-cipher-list": options.DataCipherList = Value(); break;
                case "--data-cipher-suites-tls-1-3": options.DataCipherSuitesTls13 = Value(); break;
                case "--info-file": options.InfoFile = NonEmpty(name, Value()); break;
                case "--latency-ms": options.LatencyMs = Integer(name, Value(), 0, 600_000); break;
                case "--fail-node-updates": options.FailNodeUpdates = Integer(name, Value(), 0, int.MaxValue); break;
                case "--drop-connections": options.DropConnections = Integer(name, Value(), 0, int.MaxValue); break;
                case "--lockout-seconds": options.LockoutSeconds = Integer(name, Value(), 0, int.MaxValue); break;
                case "--fault-status":
                    var parts = Value().Split(':');
                    if (parts.Length > 2) throw new OptionsException("--fault-status is CODE or CODE:COUNT.");
                    options.FaultStatusCode = Integer(name, parts[0], 100, 599);
                    options.FaultStatusCount = parts.Length == 2 ? Integer(name, parts[1], 1, int.MaxValue) : 1;
                    break;
                case "--error-body":
                    var style = Value();
                    options.ErrorBody = ErrorBodyStyles.TryParse(style)
                        ?? throw new OptionsException($"--error-body '{style}' is not description, message, empty, text or echo.");
                    break;
                default: throw new OptionsException($"Unknown argument '{name}'.");
            }
        }
        if (options.AddressBase + options.Nodes - 1 > 254)
            throw new OptionsException($"--address-base {options.AddressBase} leaves no room for {options.Nodes} nodes below 127.0.0.255.");
        if (options.CertificateUser is not null && options.ClientCaPem is null)
            throw new OptionsException("--certificate-user needs --client-ca.");
        if ((options.ViewerUser is null) != (options.ViewerPassword is null))
            throw new OptionsException("--viewer-user and --viewer-password go together.");
        if (options.ViewerUser is not null && string.Equals(options.ViewerUser, options.User, StringComparison.OrdinalIgnoreCase))
            throw new OptionsException("--viewer-user must differ from --user.");
        return options;
    }

    private static int Integer(string name, string text, int min, int max) =>
        int.TryParse(text, System.Globalization.NumberStyles.None, null, out var value) && value >= min && value <= max
            ? value
            : throw new OptionsException($"{name} '{text}' is not a whole number from {min} to {max}.");

    private static string NonEmpty(string name, string text) =>
        text.Length > 0 ? text : throw new OptionsException($"{name} must not be empty.");
}

public sealed class OptionsException(string message) : Exception(message);
