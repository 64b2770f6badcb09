using RECertificates.Commands;

namespace RECertificates.Tests;

public class ReplicationReminderTests
{
    [Fact]
    public void Says_nothing_after_certificates_that_need_no_follow_up()
    {
        Assert.Null(ReplicationReminder.For(["api", "cm", "ccs_internode_encryption"], "c1"));
    }

    [Fact]
    public void After_proxy_the_replicas_of_this_clusters_databases_need_the_new_certificate()
    {
        string text = ReplicationReminder.For(["cm", "proxy"], "c1")!;
        Assert.StartsWith("'proxy' replaced on cluster 'c1'.", text);
        Assert.Contains("crdb-cli crdb update --crdb-guid <GUID> --force", text);
        Assert.Contains("each replica database whose source database is on this cluster must be given the new proxy certificate", text);
        Assert.DoesNotContain("syncer", text);
    }

    [Fact]
    public void After_syncer_the_source_databases_must_trust_it_not_the_replicas()
    {
        string text = ReplicationReminder.For(["syncer"], "c1")!;
        Assert.Contains("crdb-cli crdb update", text);
        Assert.Contains("each source database that uses mutual TLS must trust the new syncer certificate", text);
        Assert.DoesNotContain("replica database whose source", text);
    }

    [Fact]
    public void One_warning_names_both_when_both_changed()
    {
        string text = ReplicationReminder.For(["proxy", "syncer"], "c1")!;
        Assert.StartsWith("'proxy' and 'syncer' replaced on cluster 'c1'.", text);
        Assert.Contains("new proxy certificate", text);
        Assert.Contains("new syncer certificate", text);
    }
}
