using System.Text.RegularExpressions;
using RECertificates.Certificates;
using RECertificates.Cluster;

namespace RECertificates.Tests;

/// <summary>
/// A certificate name is one fact that lives in several places: <see cref="CertificateNames"/> (what it allows),
/// <see cref="ClusterVersionFacts"/> (from which version), the help pages that list the names, and the simulator's
/// own copy (kept apart on purpose, so it stays an independent opponent). These tests fail when a name, a version
/// or a defect is added or changed in one of them only.
/// </summary>
public class CertificateFactsConsistencyTests
{
    private static readonly Regex CodeSpan = new("`([a-z0-9_]+)`", RegexOptions.CultureInvariant);

    [Fact]
    public void Every_known_name_has_its_versions_decided_exactly_once()
    {
        List<string> decided = ClusterVersionFacts.InEverySupportedVersion.Concat(ClusterVersionFacts.Names.Select(row => row.Subject)).ToList();
        Assert.Equal(decided.Count, decided.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(Sorted(CertificateNames.All), Sorted(decided));
    }

    public static TheoryData<string, string, string, string> NameLists()
    {
        string[] all = CertificateNames.All.ToArray();
        string[] required = all.Where(CertificateNames.IsRequired).ToArray();
        string[] optional = all.Where(n => !CertificateNames.IsRequired(n)).ToArray();
        string[] keyless = all.Where(CertificateNames.IsKeyless).ToArray();
        string[] keyed = all.Where(n => !CertificateNames.IsKeyless(n)).ToArray();
        return new TheoryData<string, string, string, string>
        {
            { "docs/en-US/about_RECertificates.md", "### The certificates of a cluster", "\n### ", Join(all) },
            { "docs/en-US/Get-RECertificate.md", "### -Name", "```yaml", Join(all) },
            { "docs/en-US/New-RECertificateRequest.md", "Specifies the certificate names to make requests for:", "They also name the files", Join(keyed) },
            { "docs/en-US/New-RECertificateRequest.md", "They also name the files", "```yaml", Join(keyless) },
            { "docs/en-US/Remove-RECertificate.md", "Only the optional certificates can be deleted:", "certificates the cluster makes itself", Join(optional) },
            { "docs/en-US/Remove-RECertificate.md", "certificates the cluster makes itself", "are refused", Join(required) },
            { "README.md", "| `Remove-RECertificate` |", "\n", Join(optional) },
        };
    }

    [Theory]
    [MemberData(nameof(NameLists))]
    public void A_page_that_lists_names_lists_exactly_the_names_the_module_knows(string file, string start, string end, string expected)
    {
        string section = RepositoryFiles.Section(file, start, end);
        List<string> listed = CodeSpan.Matches(section).Select(m => m.Groups[1].Value).Where(CertificateNames.IsKnown).Distinct().ToList();
        Assert.True(Sorted(expected.Split(',')).SequenceEqual(Sorted(listed)),
            $"{file}, from '{start}': lists {string.Join(", ", Sorted(listed))}; CertificateNames says {string.Join(", ", Sorted(expected.Split(',')))}.");
    }

    [Fact]
    public void The_about_topic_shows_the_version_table_as_the_module_has_it()
    {
        string table = RepositoryFiles.Section("docs/en-US/about_RECertificates.md", "| Fact | From version |", "\n\n");
        var documented = new Dictionary<string, SoftwareVersion>(StringComparer.Ordinal);
        foreach (string row in table.Split('\n').Where(line => line.StartsWith("| `", StringComparison.Ordinal)))
        {
            string[] cells = row.Split('|');
            SoftwareVersion since = SoftwareVersion.Parse(cells[2].Trim());
            foreach (Match name in CodeSpan.Matches(cells[1]))
            {
                documented[name.Groups[1].Value] = since;
            }

            if (cells[1].Contains(ClusterVersionFacts.BulkCertificateUpdate.Subject, StringComparison.Ordinal))
            {
                documented[ClusterVersionFacts.BulkCertificateUpdate.Subject] = since;
            }
        }

        Dictionary<string, SoftwareVersion> facts = ClusterVersionFacts.Names
            .Append(ClusterVersionFacts.BulkCertificateUpdate)
            .ToDictionary(row => row.Subject, row => row.Since, StringComparer.Ordinal);
        Assert.Equal(Sorted(facts.Keys), Sorted(documented.Keys));
        foreach ((string subject, SoftwareVersion since) in facts)
        {
            Assert.True(since.CompareTo(documented[subject]) == 0, $"about_RECertificates.md says {subject} from {documented[subject]}; ClusterVersionFacts says {since}.");
        }
    }

    [Fact]
    public void The_about_topic_lists_every_known_defect_with_its_versions_rule_and_source()
    {
        string table = RepositoryFiles.Section("docs/en-US/about_RECertificates.md", "| Defect | Versions | Rule |", "\n\n");
        var documented = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (string row in table.Split('\n').Where(line => line.StartsWith("| RS", StringComparison.Ordinal)))
        {
            string[] cells = row.Split('|').Select(c => c.Trim()).ToArray();
            documented[cells[1]] = cells;
        }

        Assert.Equal(Sorted(ClusterVersionFacts.Defects.Select(d => d.Id)), Sorted(documented.Keys));
        foreach (KnownDefect defect in ClusterVersionFacts.Defects)
        {
            string[] cells = documented[defect.Id];
            Assert.True(cells[2] == defect.RangeText, $"about_RECertificates.md gives {defect.Id} the versions '{cells[2]}'; ClusterVersionFacts says '{defect.RangeText}'.");
            Assert.True(cells[3].StartsWith(defect.Rule.ToString(), StringComparison.Ordinal), $"about_RECertificates.md gives {defect.Id} the rule '{cells[3]}'; ClusterVersionFacts says {defect.Rule}.");
            Assert.True(cells[4] == defect.Source, $"about_RECertificates.md gives {defect.Id} the source '{cells[4]}'; ClusterVersionFacts says '{defect.Source}'.");
        }

        string text = Regex.Replace(RepositoryFiles.Read("docs/en-US/about_RECertificates.md"), @"\s+", " ");
        string wait = $"up to {ClusterVersionFacts.InternodeApiOutageBound.TotalMinutes:0} minutes";
        Assert.True(text.Contains(wait, StringComparison.Ordinal), $"about_RECertificates.md does not say '{wait}' for {ClusterVersionFacts.InternodeApiOutage.Id}.");
    }

    /// <summary>
    /// Every row has a rule: Refuse and Warn rows a finding in KnownDefectRules; a workaround its place in the code
    /// that sends (listed here, so a new row without a rule fails).
    /// </summary>
    [Fact]
    public void Every_known_defect_has_a_rule()
    {
        var workarounds = new Dictionary<KnownDefect, string>
        {
            [ClusterVersionFacts.MixedInternodeUpdate] = "RequestPlan: ccs_internode_encryption in a request of its own",
            [ClusterVersionFacts.InternodeApiOutage] = "RequestPlan: wait for the REST API after an internode change",
        };
        // Rules met outside certificate validation.
        var elsewhere = new Dictionary<KnownDefect, string>
        {
            [ClusterVersionFacts.InternalRotationSkipsDownNodes] = "InternalRotation: a node not active stops the rotation unless -Force",
        };
        foreach (KnownDefect defect in ClusterVersionFacts.Defects)
        {
            bool hasRule = defect.Rule == DefectRule.WorkAround ? workarounds.ContainsKey(defect) : KnownDefectRules.Covered.Contains(defect) || elsewhere.ContainsKey(defect);
            Assert.True(hasRule, $"{defect.Id} ({defect.Rule}) has no rule: add its finding to KnownDefectRules, or its workaround to this list.");
        }

        Assert.All(KnownDefectRules.Covered, d => Assert.Contains(d, ClusterVersionFacts.Defects));
    }

    /// <summary>The simulator's copy of each defect, by id: a new row needs its behaviour there too.</summary>
    private static readonly Dictionary<string, Func<Simulator.VersionBehaviour, bool>> SimulatorDefects = new(StringComparer.Ordinal)
    {
        ["RS61676"] = v => v.RefusesChainWithoutCn,
        ["RS125930"] = v => v.RefusesUnknownExtensions,
        ["RS154601 / RS122668"] = v => v.ProxyKeepsOldCertificate,
        ["RS162972"] = v => v.CertificateLoginOnlyOnPrimary,
        ["RS176474"] = v => v.BreaksOnInternodeWithoutClientAuth,
        ["RS194253"] = v => v.BreaksOnLongInternodeChain,
        ["RS199373"] = v => v.CorruptsMixedInternodeUpdate,
        ["RS208996"] = v => v.LosesApiAfterInternodeChange,
        ["RS193156"] = v => v.LosesLdapLoginAfterLdapClient,
        ["RS200137"] = v => v.SkipsDownNodesOnRotation,
    };

    [Fact]
    public void The_simulator_has_each_known_defect_in_the_same_versions()
    {
        foreach (KnownDefect defect in ClusterVersionFacts.Defects)
        {
            Assert.True(SimulatorDefects.TryGetValue(defect.Id, out Func<Simulator.VersionBehaviour, bool>? has), $"The simulator's VersionBehaviour has no copy of {defect.Id}.");
            IEnumerable<SoftwareVersion> edges = defect.Ranges.SelectMany(r => new[] { r.From, r.Until });
            foreach (string probe in edges.SelectMany(v => new[] { v.ToString(), JustBefore(v) }))
            {
                bool module = defect.Affects(SoftwareVersion.Parse(probe));
                Assert.True(module == has!(new Simulator.VersionBehaviour(probe)), $"{defect.Id} at {probe}: the module says {(module ? "affected" : "not affected")}, the simulator does not agree.");
            }
        }
    }

    [Fact]
    public void The_simulator_checks_cipher_suites_from_the_same_version()
    {
        AssertSameRange(ClusterVersionFacts.CipherSuiteCheck.Since, null, v => v.ChecksCipherSuites, ClusterVersionFacts.CipherSuiteCheck.Subject);
    }

    [Fact]
    public void The_simulator_knows_the_same_names_with_the_same_rules()
    {
        Assert.Equal(Sorted(CertificateNames.All), Sorted(Simulator.CertificateCatalog.All));
        foreach (string name in CertificateNames.All)
        {
            Assert.True(CertificateNames.IsRequired(name) == Simulator.CertificateCatalog.IsRequired(name), $"'{name}': required in one, not in the other.");
            Assert.True(CertificateNames.IsKeyless(name) == !Simulator.CertificateCatalog.NeedsKey(name), $"'{name}': key-less in one, not in the other.");
            Assert.True(CertificateNames.IsInternode(name) == Simulator.CertificateCatalog.NeedsRsa(name), $"'{name}': RSA-only in one, not in the other.");
        }
    }

    /// <summary>
    /// The module dates a name to the first release of its line (it refuses only where no release has it); the
    /// simulator dates it to the release the notes name. So the simulator never has a name the module refuses, and
    /// has it by the next line at the latest.
    /// </summary>
    [Fact]
    public void The_simulator_dates_each_name_within_the_line_the_module_gives()
    {
        var oldest = new Simulator.VersionBehaviour("7.4.0");
        foreach (string name in ClusterVersionFacts.InEverySupportedVersion)
        {
            Assert.True(oldest.Knows(name), $"'{name}' is in every supported version for the module, not for the simulator.");
        }

        foreach (VersionFact row in ClusterVersionFacts.Names)
        {
            Assert.False(new Simulator.VersionBehaviour(JustBefore(row.Since)).Knows(row.Subject), $"The simulator has '{row.Subject}' before {row.Since}, where the module refuses it.");
            Assert.True(new Simulator.VersionBehaviour(NextLine(row.Since)).Knows(row.Subject), $"The simulator lacks '{row.Subject}' in {NextLine(row.Since)}, after the line the module dates it to ({row.Since}).");
        }
    }

    [Fact]
    public void The_simulator_has_the_bulk_endpoint_in_the_same_versions()
    {
        AssertSameRange(ClusterVersionFacts.BulkCertificateUpdate.Since, null, v => v.HasBulkUpdate, "PUT /v1/cluster/certificates");
    }

    private static void AssertSameRange(SoftwareVersion from, SoftwareVersion? until, Func<Simulator.VersionBehaviour, bool> has, string what)
    {
        Assert.False(has(new Simulator.VersionBehaviour(JustBefore(from))), $"{what}: the simulator has it before {from}.");
        Assert.True(has(new Simulator.VersionBehaviour(from.ToString())), $"{what}: the simulator lacks it in {from}.");
        if (until != null)
        {
            Assert.True(has(new Simulator.VersionBehaviour(JustBefore(until))), $"{what}: the simulator lacks it just before {until}.");
            Assert.False(has(new Simulator.VersionBehaviour(until.ToString())), $"{what}: the simulator still has it in {until}.");
        }
    }

    /// <summary>The last version before <paramref name="version"/> that the simulator can be told ("7.8.3-999999" before 7.8.4).</summary>
    private static string JustBefore(SoftwareVersion version)
    {
        const int Last = 999999;
        SoftwareVersion before =
            version.Build > 0 ? new SoftwareVersion(version.Major, version.Minor, version.Patch, version.Build - 1)
            : version.Patch > 0 ? new SoftwareVersion(version.Major, version.Minor, version.Patch - 1, Last)
            : version.Minor > 0 ? new SoftwareVersion(version.Major, version.Minor - 1, Last, Last)
            : new SoftwareVersion(version.Major - 1, Last, Last, Last);
        return before.ToString();
    }

    private static string NextLine(SoftwareVersion version) => new SoftwareVersion(version.Major, version.Minor + 1).ToString();

    private static string Join(IEnumerable<string> names) => string.Join(",", names);

    private static List<string> Sorted(IEnumerable<string> names) => names.OrderBy(n => n, StringComparer.Ordinal).ToList();
}
