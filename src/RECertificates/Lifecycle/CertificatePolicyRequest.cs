using System.Collections.Generic;
using System.Linq;
using RECertificates.Cluster;

namespace RECertificates.Lifecycle
{
    /// <summary>
    /// What Set-RECertificatePolicy was asked to change (null: not given), checked before anything is sent, and
    /// planned against what a cluster holds: only what was given and differs goes on the wire, and each change is
    /// told as "old -> new". A plain class: no cluster, no PowerShell.
    /// </summary>
    internal sealed class CertificatePolicyRequest
    {
        public const int MinimumDaysBeforeRotation = 1;
        public const int MaximumDaysBeforeRotation = 90;

        public bool? RotationEnabled { get; set; }

        public string? RotationSchedule { get; set; }

        public int? RotateDaysBeforeExpiry { get; set; }

        public int? ExpiryAlertDays { get; set; }

        public int? InternalExpiryAlertDays { get; set; }

        public bool DisableExpiryAlert { get; set; }

        public bool IsEmpty =>
            RotationEnabled == null && RotationSchedule == null && RotateDaysBeforeExpiry == null
            && ExpiryAlertDays == null && InternalExpiryAlertDays == null && !DisableExpiryAlert;

        /// <summary>Every bad value, each naming its parameter; empty when the request may be sent.</summary>
        public IReadOnlyList<PolicyProblem> Validate()
        {
            var problems = new List<PolicyProblem>();
            if (RotationSchedule != null && CronSchedule.Problem(RotationSchedule) is string cron)
            {
                problems.Add(new PolicyProblem("RotationSchedule",
                    $"-RotationSchedule '{RotationSchedule}' is not a five-field cron expression: {cron}. Give minute hour day-of-month month day-of-week, such as '0 * * * *' (every hour, the cluster's default) or '30 2 * * *' (02:30 every day)."));
            }

            if (RotateDaysBeforeExpiry is int days && (days < MinimumDaysBeforeRotation || days > MaximumDaysBeforeRotation))
            {
                problems.Add(new PolicyProblem("RotateDaysBeforeExpiry",
                    $"-RotateDaysBeforeExpiry {days} is outside {MinimumDaysBeforeRotation}-{MaximumDaysBeforeRotation}: the cluster regenerates an internal certificate between 1 and 90 days before it expires (its default is 60)."));
            }

            foreach ((string parameter, int? threshold) in new[] { ("ExpiryAlertDays", ExpiryAlertDays), ("InternalExpiryAlertDays", InternalExpiryAlertDays) })
            {
                if (threshold is int value && value < 1)
                {
                    problems.Add(new PolicyProblem(parameter, $"-{parameter} {value} is not a positive number of days: the alert fires that many days before a certificate expires. To turn the alerts off, use -DisableExpiryAlert."));
                }

                if (threshold != null && DisableExpiryAlert)
                {
                    problems.Add(new PolicyProblem(parameter, $"-DisableExpiryAlert turns both certificate expiry alerts off and cannot go with -{parameter}, which turns one on. Give one or the other."));
                }
            }

            return problems;
        }

        /// <summary>What to send to a cluster that holds <paramref name="current"/>, and how to tell it.</summary>
        public PolicyPlan Plan(RECertificatePolicy current)
        {
            var lines = new List<string>();
            bool? enabled = Differs(RotationEnabled, current.RotationEnabled, "rotation enabled", lines);
            string? schedule = RotationSchedule != null && RotationSchedule.Trim() != current.RotationSchedule
                ? Tell(RotationSchedule.Trim(), $"rotation schedule '{current.RotationSchedule ?? "(not reported)"}' -> '{RotationSchedule.Trim()}'", lines)
                : null;
            int? days = Differs(RotateDaysBeforeExpiry, current.RotateDaysBeforeExpiry, "rotate days before expiry", lines);

            ExpiryAlert? cluster = Alert(ExpiryAlertDays, current.ExpiryAlertDays, "expiry alert (your certificates)", lines);
            ExpiryAlert? @internal = Alert(InternalExpiryAlertDays, current.InternalExpiryAlertDays, "expiry alert (internal certificates)", lines);
            return new PolicyPlan(new RotationSettings(enabled, schedule, days), new CertificateAlerts(cluster, @internal), lines);
        }

        private ExpiryAlert? Alert(int? wanted, int? held, string what, List<string> lines)
        {
            if (DisableExpiryAlert)
            {
                return held == null ? null : Tell(new ExpiryAlert(false, null), $"{what} {held} days -> off", lines);
            }

            return wanted == null || wanted == held ? null : Tell(new ExpiryAlert(true, wanted), $"{what} {Days(held)} -> {wanted} days", lines);
        }

        private static T? Differs<T>(T? wanted, T? held, string what, List<string> lines)
            where T : struct =>
            wanted == null || Equals(wanted, held) ? null : Tell<T?>(wanted, $"{what} {Text(held)} -> {Text(wanted)}", lines);

        private static T Tell<T>(T value, string line, List<string> lines)
        {
            lines.Add(line);
            return value;
        }

        private static string Days(int? days) => days == null ? "off" : $"{days} days";

        private static string Text<T>(T? value)
            where T : struct =>
            value == null ? "(not reported)" : value is bool b ? (b ? "$true" : "$false") : value.Value.ToString()!;
    }

    /// <summary>A bad value: the parameter it came with, and what is wrong and what to do.</summary>
    internal sealed class PolicyProblem
    {
        public PolicyProblem(string parameter, string message)
        {
            Parameter = parameter;
            Message = message;
        }

        public string Parameter { get; }

        public string Message { get; }
    }

    /// <summary>One cluster's share of a policy change: the two bodies (empty when nothing of theirs changes) and the "old -> new" lines.</summary>
    internal sealed class PolicyPlan
    {
        public PolicyPlan(RotationSettings rotation, CertificateAlerts alerts, IReadOnlyList<string> changes)
        {
            Rotation = rotation;
            Alerts = alerts;
            Changes = changes;
        }

        public RotationSettings Rotation { get; }

        public CertificateAlerts Alerts { get; }

        public IReadOnlyList<string> Changes { get; }

        public bool IsEmpty => Rotation.IsEmpty && Alerts.IsEmpty;

        public string Describe() => string.Join("; ", Changes.ToArray());
    }
}
