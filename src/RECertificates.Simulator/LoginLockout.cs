namespace RECertificates.Simulator;

/// <summary>
/// Redis Enterprise locks a user after five failed logins in a row (30 minutes by default). Tests use it to prove the
/// module never retries a 401. User names are emails, compared without case.
/// </summary>
public sealed class LoginLockout(TimeSpan lockDuration)
{
    public const int MaxFailures = 5;

    private readonly object _gate = new();
    private readonly Dictionary<string, int> _failures = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, DateTimeOffset> _lockedUntil = new(StringComparer.OrdinalIgnoreCase);

    public bool IsLocked(string user)
    {
        lock (_gate)
        {
            if (!_lockedUntil.TryGetValue(user, out var until)) return false;
            if (DateTimeOffset.UtcNow < until) return true;
            _lockedUntil.Remove(user);
            return false;
        }
    }

    public void RecordFailure(string user)
    {
        lock (_gate)
        {
            var failures = _failures.GetValueOrDefault(user) + 1;
            if (failures >= MaxFailures)
            {
                _lockedUntil[user] = DateTimeOffset.UtcNow + lockDuration;
                _failures.Remove(user);
            }
            else
            {
                _failures[user] = failures;
            }
        }
    }

    public void RecordSuccess(string user)
    {
        lock (_gate) _failures.Remove(user);
    }

    public void Clear()
    {
        lock (_gate)
        {
            _failures.Clear();
            _lockedUntil.Clear();
        }
    }
}
