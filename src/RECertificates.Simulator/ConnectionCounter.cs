using Microsoft.AspNetCore.Connections;

namespace RECertificates.Simulator;

/// <summary>
/// Counts TCP connections below TLS and HTTP, so tests can check the module reuses connections and closes them.
/// </summary>
public sealed class ConnectionCounter
{
    private long _open;
    private long _total;

    public long Open => Interlocked.Read(ref _open);
    public long Total => Interlocked.Read(ref _total);

    /// <summary>For ListenOptions.Use: wraps the whole life of each connection.</summary>
    public ConnectionDelegate Middleware(ConnectionDelegate next) => async connection =>
    {
        Interlocked.Increment(ref _total);
        Interlocked.Increment(ref _open);
        try
        {
            await next(connection);
        }
        finally
        {
            Interlocked.Decrement(ref _open);
        }
    };
}
