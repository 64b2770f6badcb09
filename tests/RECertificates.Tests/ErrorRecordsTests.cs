using System.Management.Automation;
using RECertificates.Hosting;
using RECertificates.Certificates;
using RECertificates.Cluster;
using RECertificates.Commands;
using RECertificates.Sessions;
using Xunit;

namespace RECertificates.Tests;

/// <summary>
/// The one mapping from a failure to its error record: every kind has a category and a local exception, a local
/// failure never looks like the cluster's answer, and the cluster's answer keeps its own exception.
/// </summary>
public class ErrorRecordsTests
{
    // FailureKind is internal, so the theories take its number: a public test method cannot name it.
    public static TheoryData<int> EveryKind()
    {
        var data = new TheoryData<int>();
        foreach (FailureKind kind in Enum.GetValues<FailureKind>())
        {
            data.Add((int)kind);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryKind))]
    public void Every_kind_has_a_category_and_a_local_exception_that_is_not_the_clusters(int kind)
    {
        ErrorRecord record = ErrorRecords.Create("SomeId", (FailureKind)kind, "target", "what happened, and what to do");

        Assert.NotEqual(ErrorCategory.NotSpecified, record.CategoryInfo.Category);
        Assert.IsNotType<REApiException>(record.Exception);
        // One of PowerShell's own exceptions would bring its own ErrorRecord, and a script's catch would see its ErrorId.
        Assert.False(record.Exception is IContainsErrorRecord, $"{record.Exception.GetType()} carries an ErrorRecord of its own");
        Assert.Equal("SomeId", record.FullyQualifiedErrorId);
        Assert.Equal("what happened, and what to do", record.Exception.Message);
        Assert.Equal("target", record.TargetObject);
    }

    [Theory]
    [InlineData(FailureKind.InvalidArgument, ErrorCategory.InvalidArgument, typeof(ArgumentException))]
    [InlineData(FailureKind.InvalidData, ErrorCategory.InvalidData, typeof(InvalidDataException))]
    [InlineData(FailureKind.ObjectNotFound, ErrorCategory.ObjectNotFound, typeof(FileNotFoundException))]
    [InlineData(FailureKind.NotOnCluster, ErrorCategory.ObjectNotFound, typeof(KeyNotFoundException))]
    [InlineData(FailureKind.PermissionDenied, ErrorCategory.PermissionDenied, typeof(UnauthorizedAccessException))]
    [InlineData(FailureKind.Refused, ErrorCategory.PermissionDenied, typeof(InvalidOperationException))]
    [InlineData(FailureKind.ConnectionError, ErrorCategory.ConnectionError, typeof(InvalidOperationException))]
    [InlineData(FailureKind.ResourceExists, ErrorCategory.ResourceExists, typeof(IOException))]
    [InlineData(FailureKind.ReadError, ErrorCategory.ReadError, typeof(IOException))]
    [InlineData(FailureKind.WriteError, ErrorCategory.WriteError, typeof(IOException))]
    [InlineData(FailureKind.NotImplemented, ErrorCategory.NotImplemented, typeof(NotSupportedException))]
    public void A_local_failure_gets_the_type_a_script_catches(object kind, ErrorCategory category, Type exceptionType)
    {
        ErrorRecord record = ErrorRecords.Create("SomeId", (FailureKind)kind, null, "message");

        Assert.Equal(category, record.CategoryInfo.Category);
        Assert.IsType(exceptionType, record.Exception);
    }

    [Fact]
    public void A_certificate_issue_keeps_its_id_message_and_target()
    {
        var issue = new ValidationIssue(IssueIds.FileNotFound, "Certificate file 'a.pem' was not found.", "a.pem", FailureKind.ObjectNotFound);

        ErrorRecord record = ErrorRecords.FromIssue(issue);

        Assert.Equal(IssueIds.FileNotFound, record.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, record.CategoryInfo.Category);
        Assert.IsType<FileNotFoundException>(record.Exception);
        Assert.Equal("Certificate file 'a.pem' was not found.", record.Exception.Message);
        Assert.Equal("a.pem", record.TargetObject);
    }

    [Fact]
    public void The_clusters_answer_keeps_its_exception_id_and_category()
    {
        var answer = new REApiException("Cluster 'c' refused certificate 'proxy'.", FailureKind.InvalidData, "InvalidCertificate", 400, "invalid_certificate", "bad chain");

        ErrorRecord record = ErrorRecords.From(new AggregateException(answer), "proxy");

        Assert.Same(answer, record.Exception);
        Assert.Equal("InvalidCertificate", record.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidData, record.CategoryInfo.Category);
        Assert.Equal("proxy", record.TargetObject);
    }

    [Fact]
    public void A_closed_session_keeps_its_id_and_is_not_the_clusters_answer()
    {
        var closed = new SessionClosedException("The session s was closed by Disconnect-RECluster. Connect again with Connect-RECluster.");

        ErrorRecord record = ErrorRecords.From(closed, "c1");

        Assert.Equal("SessionClosed", record.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, record.CategoryInfo.Category);
        Assert.IsAssignableFrom<ObjectDisposedException>(record.Exception);
        Assert.Equal("The session s was closed by Disconnect-RECluster. Connect again with Connect-RECluster.", record.Exception.Message);
    }
}
