using RECertificates.Cluster;

namespace RECertificates.Tests;

public class SoftwareVersionTests
{
    [Theory]
    [InlineData("7.22.2-54", 7, 22, 2, 54)]
    [InlineData("8.0.20-68", 8, 0, 20, 68)]
    [InlineData("7.22", 7, 22, 0, 0)]
    [InlineData("8.0.6", 8, 0, 6, 0)]
    [InlineData(" 7.4.2-216 ", 7, 4, 2, 216)]
    public void Reads_the_parts(string text, int major, int minor, int patch, int build)
    {
        SoftwareVersion version = SoftwareVersion.TryParse(text)!;
        Assert.Equal((major, minor, patch, build), (version.Major, version.Minor, version.Patch, version.Build));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("7")]
    [InlineData("latest")]
    [InlineData("7.22.2-54-rc")]
    [InlineData("7.22.x")]
    [InlineData("v7.22.2")]
    [InlineData("99999999999.1")]
    public void Anything_else_is_unknown(string? text)
    {
        Assert.Null(SoftwareVersion.TryParse(text));
    }

    [Theory]
    [InlineData("8.0.20-67", "8.0.20-68")]
    [InlineData("7.22.2-179", "8.0.20-68")]
    [InlineData("7.8.4", "7.22.0")]
    [InlineData("7.22.0-250", "7.22.2")]
    [InlineData("7.22.2", "7.22.2-1")]
    [InlineData("8.0.9-99", "8.0.10-1")]
    public void Orders_numerically_part_by_part(string lower, string higher)
    {
        SoftwareVersion low = SoftwareVersion.Parse(lower);
        SoftwareVersion high = SoftwareVersion.Parse(higher);
        Assert.True(low < high);
        Assert.True(high > low);
        Assert.True(low.CompareTo(high) < 0);
        Assert.False(low >= high);
    }

    [Fact]
    public void A_missing_patch_or_build_is_zero()
    {
        Assert.Equal(SoftwareVersion.Parse("7.22.0-0"), SoftwareVersion.Parse("7.22"));
        Assert.True(SoftwareVersion.Parse("7.22") <= SoftwareVersion.Parse("7.22.0"));
        Assert.Equal("7.22.2-54", SoftwareVersion.Parse("7.22.2-54").ToString());
        Assert.Equal("8.0.6", SoftwareVersion.Parse("8.0.6").ToString());
    }
}
