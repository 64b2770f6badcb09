using System.Net.Sockets;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Connections.Features;

namespace RECertificates.Simulator;

/// <summary>A fault that hits the next Count requests matching an optional method and path prefix.</summary>
public sealed record StatusFault(int Code, int Count, string? Method, string? PathPrefix);

/// <summary>Answers 307 to Location + the original path and query, like a non-master node pointing to the master.</summary>
public sealed record RedirectFault(string Location, int Count, string? Method, string? PathPrefix);

/// <summary>
/// Drops the connection of the next Count writes (PUT, DELETE, POST; or only Method), before the write is applied or
/// after it (the answer is then never sent); after it, the REST API may also stay unreachable for a while, as when a
/// certificate change restarts the service that answers.
/// </summary>
public sealed record WriteDropFault(int Count, string? Method, int UnreachableSeconds);

/// <summary>
/// Answers the next Count requests to exactly Path (and Method, if given) with Body as it is, status 200 and
/// application/json: an answer no well-behaved cluster gives (a list of numbers for /v1/nodes, a property written
/// twice, escape sequences in a name), to see that the module reads it without trusting it.
/// </summary>
public sealed record RawAnswerFault(string Path, string Body, int Count, string? Method);

/// <summary>
/// The troubles a real cluster can cause, on demand, so the module's handling of them can be tested. Applies to /v1
/// only; order per request: latency, then an unreachable period or a write drop, then drop, then redirect, then status. Counters decrease only on requests a fault
/// actually hits.
/// </summary>
public sealed class FaultInjector
{
    private readonly object _gate = new();
    private readonly ErrorBodyStyle _initialErrorBody;
    private readonly DownNodes _downNodes;
    private int _latencyMs;
    private int _failNodeUpdates;
    private int _dropConnections;
    private StatusFault? _status;
    private RedirectFault? _redirect;
    private ErrorBodyStyle _errorBody;
    private WriteDropFault? _dropBeforeWrite;
    private WriteDropFault? _dropAfterWrite;
    private RawAnswerFault? _rawAnswer;
    private DateTimeOffset _unreachableUntil;
    private int _staleProxySeconds;

    /// <param name="downNodes">The cluster's one set of down nodes: the `downNodes` field reads and replaces it.</param>
    public FaultInjector(SimulatorOptions options, DownNodes downNodes)
    {
        _downNodes = downNodes;
        _latencyMs = options.LatencyMs;
        _failNodeUpdates = options.FailNodeUpdates;
        _dropConnections = options.DropConnections;
        _status = options.FaultStatusCode is { } code ? new StatusFault(code, options.FaultStatusCount, null, null) : null;
        _initialErrorBody = _errorBody = options.ErrorBody;
    }

    /// <summary>RS154601: for this long after a node's proxy certificate changed, its database endpoints still serve the old one.</summary>
    public TimeSpan StaleProxy
    {
        get { lock (_gate) return TimeSpan.FromSeconds(_staleProxySeconds); }
    }

    public ErrorBodyStyle ErrorBody
    {
        get { lock (_gate) return _errorBody; }
    }

    /// <summary>Should this certificate write miss the last node? Consumes one from --fail-node-updates.</summary>
    public bool TryConsumeNodeUpdateFailure()
    {
        lock (_gate)
        {
            if (_failNodeUpdates == 0) return false;
            _failNodeUpdates--;
            return true;
        }
    }

    public async Task InvokeAsync(HttpContext context, Func<Task> next, ErrorWriter errors)
    {
        var latency = TimeSpan.FromMilliseconds(Volatile.Read(ref _latencyMs));
        if (latency > TimeSpan.Zero)
        {
            try { await Task.Delay(latency, context.RequestAborted); }
            catch (OperationCanceledException) { return; } // the client gave up: nobody to answer
        }

        var method = context.Request.Method;
        var path = context.Request.Path.Value ?? "";
        if (await TryWriteDropAsync(context, method, next)) return;
        bool drop;
        RedirectFault? redirect = null;
        StatusFault? status = null;
        RawAnswerFault? raw = null;
        lock (_gate)
        {
            drop = _dropConnections > 0;
            if (drop) _dropConnections--;
            else if (_rawAnswer is { } a && string.Equals(a.Path, path.TrimEnd('/'), StringComparison.OrdinalIgnoreCase) && Matches(a.Method, null, method, path))
            {
                raw = a;
                _rawAnswer = a.Count > 1 ? a with { Count = a.Count - 1 } : null;
            }
            else if (Matches(_redirect?.Method, _redirect?.PathPrefix, method, path) && _redirect is { } r)
            {
                redirect = r;
                _redirect = r.Count > 1 ? r with { Count = r.Count - 1 } : null;
            }
            else if (Matches(_status?.Method, _status?.PathPrefix, method, path) && _status is { } s)
            {
                status = s;
                _status = s.Count > 1 ? s with { Count = s.Count - 1 } : null;
            }
        }

        if (drop)
        {
            RequestLog.MarkDropped(context);
            context.Abort();
        }
        else if (raw is not null)
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(raw.Body);
        }
        else if (redirect is not null)
        {
            context.Response.StatusCode = StatusCodes.Status307TemporaryRedirect;
            context.Response.Headers.Location = redirect.Location.TrimEnd('/') + context.Request.PathBase + context.Request.Path + context.Request.QueryString;
        }
        else if (status is not null)
        {
            await errors.WriteAsync(context, status.Code, FaultErrorCode(status.Code), $"Injected fault: HTTP {status.Code}.");
        }
        else
        {
            await next();
        }
    }

    /// <summary>Unreachable periods and the write-drop faults; true when it handled (dropped) the request.</summary>
    private async Task<bool> TryWriteDropAsync(HttpContext context, string method, Func<Task> next)
    {
        var isWrite = HttpMethods.IsPut(method) || HttpMethods.IsDelete(method) || HttpMethods.IsPost(method);
        WriteDropFault? before = null, after = null;
        bool unreachable;
        lock (_gate)
        {
            unreachable = DateTimeOffset.UtcNow < _unreachableUntil;
            if (!unreachable && isWrite)
            {
                before = Take(ref _dropBeforeWrite, method);
                if (before is null) after = Take(ref _dropAfterWrite, method);
            }
        }

        if (unreachable || before is not null)
        {
            CloseWithoutAnswer(context);
            return true;
        }
        if (after is null) return false;

        // Apply the write, but keep its answer from the wire: the client sees the connection drop instead.
        var wire = context.Response.Body;
        context.Response.Body = new MemoryStream();
        try { await next(); }
        finally { context.Response.Body = wire; }
        lock (_gate)
        {
            if (after.UnreachableSeconds > 0) _unreachableUntil = DateTimeOffset.UtcNow.AddSeconds(after.UnreachableSeconds);
        }
        CloseWithoutAnswer(context);
        return true;
    }

    /// <summary>
    /// Ends the connection the way a restarting service does: an orderly close (FIN) before any byte of an answer,
    /// not a reset. That is the case in which .NET's handler re-sends a request without a body on its own, so a
    /// client that does not guard against it shows up here as a second DELETE.
    /// </summary>
    private static void CloseWithoutAnswer(HttpContext context)
    {
        RequestLog.MarkDropped(context);
        try { context.Features.Get<IConnectionSocketFeature>()?.Socket.Shutdown(SocketShutdown.Both); }
        catch (Exception e) when (e is SocketException or ObjectDisposedException) { }
        context.Abort();
    }

    private static WriteDropFault? Take(ref WriteDropFault? fault, string method)
    {
        if (fault is not { } f || !Matches(f.Method, null, method, "")) return null;
        fault = f.Count > 1 ? f with { Count = f.Count - 1 } : null;
        return f;
    }

    private static bool Matches(string? faultMethod, string? pathPrefix, string method, string path) =>
        (faultMethod is null || string.Equals(faultMethod, method, StringComparison.OrdinalIgnoreCase))
        && (pathPrefix is null || path.StartsWith(pathPrefix, StringComparison.OrdinalIgnoreCase));

    private static string FaultErrorCode(int code) => code switch
    {
        500 => "internal_error",
        503 => "service_unavailable",
        _ => "injected_fault",
    };

    /// <summary>The shape GET /__sim/faults answers and POST /__sim/faults accepts.</summary>
    public object Snapshot()
    {
        lock (_gate)
        {
            return new
            {
                latencyMs = _latencyMs,
                failNodeUpdates = _failNodeUpdates,
                status = _status is { } s ? new { code = s.Code, count = s.Count, method = s.Method, pathPrefix = s.PathPrefix } : null,
                dropConnections = _dropConnections,
                redirect = _redirect is { } r ? new { location = r.Location, count = r.Count, method = r.Method, pathPrefix = r.PathPrefix } : null,
                errorBody = ErrorBodyStyles.Name(_errorBody),
                dropBeforeWrite = _dropBeforeWrite is { } b ? new { count = b.Count, method = b.Method } : null,
                dropAfterWrite = _dropAfterWrite is { } a ? new { count = a.Count, method = a.Method, unreachableSeconds = a.UnreachableSeconds } : null,
                rawAnswer = _rawAnswer is { } w ? new { path = w.Path, count = w.Count, method = w.Method, body = w.Body } : null,
                unreachableUntil = _unreachableUntil > DateTimeOffset.UtcNow ? _unreachableUntil : (DateTimeOffset?)null,
                staleProxySeconds = _staleProxySeconds,
                downNodes = _downNodes.Uids,
            };
        }
    }

    /// <summary>Each field present replaces that fault (null clears it); absent fields stay. Returns an error or null.</summary>
    public string? Update(JsonObject body)
    {
        // Read everything first so a bad field changes nothing.
        try
        {
            int? latency = body.ContainsKey("latencyMs") ? Count(body["latencyMs"]) : null;
            int? failNodes = body.ContainsKey("failNodeUpdates") ? Count(body["failNodeUpdates"]) : null;
            int? drops = body.ContainsKey("dropConnections") ? Count(body["dropConnections"]) : null;
            int? staleProxy = body.ContainsKey("staleProxySeconds") ? Count(body["staleProxySeconds"]) : null;
            HashSet<int>? downNodes = body.ContainsKey("downNodes")
                ? (body["downNodes"] as JsonArray ?? throw new FormatException("downNodes is a list of node uids.")).Select(Count).ToHashSet()
                : null;
            var status = body["status"] is JsonObject so
                ? new StatusFault(
                    so["code"]?.GetValue<int>() is int c and >= 100 and <= 599 ? c : throw new FormatException("status.code must be 100-599."),
                    so["count"] is null ? 1 : Count(so["count"]) is > 0 and var n ? n : throw new FormatException("status.count must be at least 1."),
                    so["method"]?.GetValue<string>(), so["pathPrefix"]?.GetValue<string>())
                : null;
            var redirect = body["redirect"] is JsonObject ro
                ? new RedirectFault(
                    ro["location"]?.GetValue<string>() is { Length: > 0 } l ? l : throw new FormatException("redirect.location is required."),
                    ro["count"] is null ? 1 : Count(ro["count"]) is > 0 and var n2 ? n2 : throw new FormatException("redirect.count must be at least 1."),
                    ro["method"]?.GetValue<string>(), ro["pathPrefix"]?.GetValue<string>())
                : null;
            var rawAnswer = body["rawAnswer"] is JsonObject wo
                ? new RawAnswerFault(
                    wo["path"]?.GetValue<string>() is { Length: > 0 } rp ? rp.TrimEnd('/') : throw new FormatException("rawAnswer.path is required."),
                    wo["body"]?.GetValue<string>() ?? throw new FormatException("rawAnswer.body is required (a string)."),
                    wo["count"] is null ? 1 : Count(wo["count"]) is > 0 and var n3 ? n3 : throw new FormatException("rawAnswer.count must be at least 1."),
                    wo["method"]?.GetValue<string>())
                : null;
            var dropBefore = body["dropBeforeWrite"] is JsonObject bo ? WriteDrop(bo) : null;
            var dropAfter = body["dropAfterWrite"] is JsonObject ao ? WriteDrop(ao) : null;
            ErrorBodyStyle? errorBody = body.ContainsKey("errorBody")
                ? ErrorBodyStyles.TryParse(body["errorBody"]?.GetValue<string>() ?? "") ?? throw new FormatException("errorBody is description, message, empty, text or echo.")
                : null;

            lock (_gate)
            {
                if (latency is { } lm) _latencyMs = lm;
                if (failNodes is { } f) _failNodeUpdates = f;
                if (drops is { } d) _dropConnections = d;
                if (staleProxy is { } sp) _staleProxySeconds = sp;
                if (downNodes is not null) _downNodes.Set(downNodes);
                if (body.ContainsKey("status")) _status = status;
                if (body.ContainsKey("redirect")) _redirect = redirect;
                if (errorBody is { } e) _errorBody = e;
                if (body.ContainsKey("dropBeforeWrite")) _dropBeforeWrite = dropBefore;
                if (body.ContainsKey("dropAfterWrite")) _dropAfterWrite = dropAfter;
                if (body.ContainsKey("rawAnswer")) _rawAnswer = rawAnswer;
            }
            return null;
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException)
        {
            return e.Message;
        }
    }

    /// <summary>
    /// No faults. The error-body style and the down nodes return to the command line's, since they are how the cluster
    /// was started, not faults injected since.
    /// </summary>
    public void Clear()
    {
        lock (_gate)
        {
            _latencyMs = _failNodeUpdates = _dropConnections = _staleProxySeconds = 0;
            _downNodes.Reset();
            _status = null;
            _redirect = null;
            _errorBody = _initialErrorBody;
            _dropBeforeWrite = _dropAfterWrite = null;
            _rawAnswer = null;
            _unreachableUntil = default;
        }
    }

    /// <summary>{"count"?, "method"?, "unreachableSeconds"?}: count defaults to 1, method to any write.</summary>
    private static WriteDropFault WriteDrop(JsonObject fault) => new(
        fault["count"] is null ? 1 : Count(fault["count"]) is > 0 and var n ? n : throw new FormatException("count must be at least 1."),
        fault["method"]?.GetValue<string>(),
        fault["unreachableSeconds"] is null ? 0 : Count(fault["unreachableSeconds"]));

    private static int Count(JsonNode? node) =>
        node?.GetValue<int>() is int n and >= 0 ? n : throw new FormatException("Counts and latencies are whole numbers >= 0.");
}
