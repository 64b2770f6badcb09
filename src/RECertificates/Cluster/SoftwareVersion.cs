using System;
using System.Globalization;
using System.Text.RegularExpressions;

namespace RECertificates.Cluster
{
    /// <summary>
    /// A Redis Enterprise software version as <c>GET /v1/nodes</c> reports it, "major.minor.patch-build"
    /// (7.22.2-54). Ordered part by part, numerically: 8.0.20-68 comes after 8.0.20-67 and after 7.22.2-179.
    /// A missing patch or build counts as 0, so "7.22" is the first 7.22 and "8.0.20" the first 8.0.20 build.
    /// </summary>
    internal sealed class SoftwareVersion : IComparable<SoftwareVersion>, IEquatable<SoftwareVersion>
    {
        // [0-9], not \d: \d also matches other scripts' digits ("\u0667"), which int.Parse then refuses.
        private static readonly Regex Shape = new Regex("^([0-9]{1,9})\\.([0-9]{1,9})(?:\\.([0-9]{1,9}))?(?:-([0-9]{1,9}))?$", RegexOptions.CultureInvariant);

        public SoftwareVersion(int major, int minor, int patch = 0, int build = 0)
        {
            Major = major;
            Minor = minor;
            Patch = patch;
            Build = build;
        }

        public int Major { get; }

        public int Minor { get; }

        public int Patch { get; }

        public int Build { get; }

        /// <summary>Reads "7.22.2-54", "7.22.2" or "7.22"; null for anything else (the version is then unknown).</summary>
        public static SoftwareVersion? TryParse(string? text)
        {
            Match match = Shape.Match(text?.Trim() ?? string.Empty);
            if (!match.Success)
            {
                return null;
            }

            return new SoftwareVersion(Part(match, 1), Part(match, 2), Part(match, 3), Part(match, 4));
        }

        /// <summary>For the facts table, where a bad literal is a defect of ours.</summary>
        public static SoftwareVersion Parse(string text) =>
            TryParse(text) ?? throw new FormatException($"'{text}' is not a version like 7.22.2-54.");

        public int CompareTo(SoftwareVersion? other)
        {
            if (other is null)
            {
                return 1;
            }

            int result = Major.CompareTo(other.Major);
            if (result == 0)
            {
                result = Minor.CompareTo(other.Minor);
            }

            if (result == 0)
            {
                result = Patch.CompareTo(other.Patch);
            }

            return result != 0 ? result : Build.CompareTo(other.Build);
        }

        public bool Equals(SoftwareVersion? other) => CompareTo(other) == 0;

        public override bool Equals(object? obj) => Equals(obj as SoftwareVersion);

        public override int GetHashCode() => ((Major * 397 ^ Minor) * 397 ^ Patch) * 397 ^ Build;

        public static bool operator <(SoftwareVersion left, SoftwareVersion right) => left.CompareTo(right) < 0;

        public static bool operator >(SoftwareVersion left, SoftwareVersion right) => left.CompareTo(right) > 0;

        public static bool operator <=(SoftwareVersion left, SoftwareVersion right) => left.CompareTo(right) <= 0;

        public static bool operator >=(SoftwareVersion left, SoftwareVersion right) => left.CompareTo(right) >= 0;

        /// <summary>"7.22.2-54"; the build is left out when it is 0 ("8.0.6").</summary>
        public override string ToString() =>
            Build == 0
                ? string.Format(CultureInfo.InvariantCulture, "{0}.{1}.{2}", Major, Minor, Patch)
                : string.Format(CultureInfo.InvariantCulture, "{0}.{1}.{2}-{3}", Major, Minor, Patch, Build);

        private static int Part(Match match, int group) =>
            match.Groups[group].Success ? int.Parse(match.Groups[group].Value, NumberStyles.None, CultureInfo.InvariantCulture) : 0;
    }
}
