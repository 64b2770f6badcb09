# Export-RECertificateReport rendered by a real browser: headless Chromium (Debian's package, installed here when
# missing) draws the page of two clusters and one that could not be read, at laptop and phone widths; the
# screenshots stay in out/test-results as artifacts for a person to look at. The page must be self-contained,
# sorted by days remaining, tell urgency in words as well as colour, and encode what came from the cluster.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers/RECertificates.TestHelpers.psm1') -Force
    Import-Module (Get-RETestPath).Module -Force

    function Install-Chromium {
        # Debian names the browser 'chromium'. The test runs as root in the build container, so it can install it.
        # Elsewhere (Windows, macOS) without it, the browser tests are skipped, saying so.
        if (Get-Command chromium -CommandType Application -ErrorAction Ignore) { return $true }
        if ($IsWindows -or -not (Get-Command apt-get -ErrorAction Ignore)) { return $false }
        $env:DEBIAN_FRONTEND = 'noninteractive'
        $log = apt-get update 2>&1
        if ($LASTEXITCODE -ne 0) { throw "apt-get update failed: $($log | Select-Object -Last 5)" }
        $log = apt-get install -y chromium 2>&1
        if ($LASTEXITCODE -ne 0) { throw "apt-get install chromium failed: $($log | Select-Object -Last 5)" }
        $true
    }

    function Invoke-Chromium([string[]] $Arguments) {
        # A profile of its own, so runs never share state; --no-sandbox because the tests run as root.
        $profile = Join-Path ([IO.Path]::GetTempPath()) ('chromium-' + [guid]::NewGuid().ToString('n'))
        try {
            $output = & chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run "--user-data-dir=$profile" @Arguments 2>$null
            if ($LASTEXITCODE -ne 0) { throw "chromium exited with $LASTEXITCODE" }
            $output -join "`n"
        }
        finally { Remove-Item -LiteralPath $profile -Recurse -Force -ErrorAction SilentlyContinue }
    }

    # PNG decoding (zlib, row filters) in C#, since .NET on Linux has no image decoder: how many distinct colours a
    # screenshot has and how much of it is its most common colour (a blank page is one colour).
    Add-Type -TypeDefinition @'
using System; using System.Collections.Generic; using System.IO; using System.IO.Compression;
public static class PngColours {
    public static double[] Measure(string path) {
        byte[] file = File.ReadAllBytes(path); int pos = 8, width = 0, height = 0, channels = 0; var data = new MemoryStream();
        while (pos < file.Length) {
            int length = (file[pos] << 24) | (file[pos + 1] << 16) | (file[pos + 2] << 8) | file[pos + 3];
            string type = System.Text.Encoding.ASCII.GetString(file, pos + 4, 4);
            if (type == "IHDR") {
                width = (file[pos + 8] << 24) | (file[pos + 9] << 16) | (file[pos + 10] << 8) | file[pos + 11];
                height = (file[pos + 12] << 24) | (file[pos + 13] << 16) | (file[pos + 14] << 8) | file[pos + 15];
                if (file[pos + 16] != 8) throw new NotSupportedException("bit depth " + file[pos + 16]);
                channels = file[pos + 17] == 6 ? 4 : file[pos + 17] == 2 ? 3 : throw new NotSupportedException("colour type " + file[pos + 17]);
            }
            if (type == "IDAT") data.Write(file, pos + 8, length);
            pos += 12 + length;
        }
        data.Position = 0; var raw = new MemoryStream(); using (var z = new ZLibStream(data, CompressionMode.Decompress)) z.CopyTo(raw);
        byte[] bytes = raw.ToArray(); int stride = width * channels; var previous = new byte[stride]; var row = new byte[stride];
        var counts = new Dictionary<int, int>();
        for (int y = 0; y < height; y++) {
            int filter = bytes[y * (stride + 1)]; Array.Copy(bytes, y * (stride + 1) + 1, row, 0, stride);
            for (int i = 0; i < stride; i++) {
                int a = i >= channels ? row[i - channels] : 0, b = previous[i], c = i >= channels ? previous[i - channels] : 0;
                int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
                int predictor = filter == 1 ? a : filter == 2 ? b : filter == 3 ? (a + b) / 2 : filter == 4 ? (pa <= pb && pa <= pc ? a : pb <= pc ? b : c) : 0;
                row[i] = (byte)(row[i] + predictor);
            }
            for (int x = 0; x < width; x++) {
                int colour = (row[x * channels] << 16) | (row[x * channels + 1] << 8) | row[x * channels + 2];
                counts.TryGetValue(colour, out int n); counts[colour] = n + 1;
            }
            var swap = previous; previous = row; row = swap;
        }
        int most = 0; foreach (int n in counts.Values) most = Math.Max(most, n);
        return new double[] { counts.Count, (double)most / (width * height), width, height };
    }
}
'@

    $script:hasBrowser = Install-Chromium

    $script:artifacts = Join-Path (Get-RETestPath).Root 'out/test-results'
    $null = New-Item -ItemType Directory -Path $artifacts -Force
    $script:dir = (New-Item -ItemType Directory -Path (Join-Path ([IO.Path]::GetTempPath()) ('report-tests-' + [guid]::NewGuid().ToString('n')))).FullName

    # Two clusters with certificates in every state, and a third that stops answering before it is read.
    $script:east = Start-RESimulator -ClusterName 'east.example.com'
    $script:west = Start-RESimulator -ClusterName 'west.example.com'
    $script:gone = Start-RESimulator -ClusterName 'gone.example.com'
    $expired = New-RETestCertificate -Subject 'CN=expired.east.example.com' -DnsName 'expired.east.example.com' -NotBefore ([datetime]::UtcNow.AddDays(-400)) -NotAfter ([datetime]::UtcNow.AddDays(-3))
    $soon = New-RETestCertificate -Subject 'CN=soon.west.example.com' -DnsName 'soon.west.example.com' -NotAfter ([datetime]::UtcNow.AddDays(12))
    $quarter = New-RETestCertificate -Subject 'CN=quarter.west.example.com' -DnsName 'quarter.west.example.com' -NotAfter ([datetime]::UtcNow.AddDays(60))
    # What a cluster says is data, never markup.
    $hostile = New-RETestCertificate -Subject 'CN=<img src=x onerror=alert(1)>.example.com' -DnsName 'hostile.example.com' -NotAfter ([datetime]::UtcNow.AddDays(200))
    Set-RESimulatorCertificate $east @{ ldap_client_cert = $expired.CertificatePem; ldap_client_key = $expired.KeyPem; sso_service_cert = $hostile.CertificatePem; sso_service_key = $hostile.KeyPem }
    Set-RESimulatorCertificate $west @{ proxy_cert = $soon.CertificatePem; proxy_key = $soon.KeyPem; syncer_cert = $quarter.CertificatePem; syncer_key = $quarter.KeyPem }
    $script:sessions = @($east, $west, $gone) | ForEach-Object { Connect-RETestCluster $_ -NoDefault -Extra @{ MaximumRetryCount = 0; TimeoutSec = 5 } }
    $script:gone | Stop-RESimulator

    $script:certificates = @(Get-RECertificate -Session $sessions -ErrorAction SilentlyContinue -ErrorVariable failed)
    $script:failed = @($failed)
    $script:report = Join-Path $dir 'report.html'
    $script:file = $certificates | Export-RECertificateReport -Path $report -ErrorRecord $failed -PassThru
    $script:html = Get-Content -LiteralPath $report -Raw
    $script:dom = if ($hasBrowser) { Invoke-Chromium @('--dump-dom', "file://$report") }
}

AfterAll {
    $script:east, $script:west, $script:gone | Stop-RESimulator
    Remove-Item -LiteralPath $script:dir -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Export-RECertificateReport' {
    It 'reads two clusters and knows one failed (the premise of the page)' {
        $certificates.ClusterName | Sort-Object -Unique | Should -Be @('east.example.com', 'west.example.com')
        $failed.Count | Should -Be 1
        $file.FullName | Should -Be $report
    }

    It 'is one self-contained page: no script, and nothing loaded from anywhere' {
        $html | Should -Match '^<!DOCTYPE html>'
        $html | Should -Not -Match '<(script|link|img|iframe|object|embed)\b|@import|url\('
        # No element points anywhere (the hostile subject's ' src=' is encoded text, not an attribute).
        $html | Should -Not -Match '<[a-z]+[^<>]*\s(src|href|xlink:href)='
        $html | Should -Match '<style>'
    }

    It 'HTML-encodes what the cluster said' {
        $html | Should -Match '&lt;img src=x onerror=alert\(1\)&gt;'
        if ($hasBrowser) { $dom | Should -Not -Match '<img' }
    }

    It 'lists every certificate sorted by days remaining, with urgency in words' {
        $days = [regex]::Matches($html, '<td data-label="Days left" class="num"><div>(-?\d+)') | ForEach-Object { [int]$_.Groups[1].Value }
        $days.Count | Should -Be $certificates.Count
        $days | Should -Be ($days | Sort-Object)
        $rows = [regex]::Matches($html, '<tr class="(expired|d30|d90|ok)">.*?data-label="Name"><div><strong>(.+?)</strong>') | ForEach-Object { "$($_.Groups[1].Value):$($_.Groups[2].Value -replace '<wbr>', '')" }
        $rows[0] | Should -Be 'expired:ldap_client'
        $rows | Should -Contain 'd30:proxy'
        $rows | Should -Contain 'd90:syncer'
        foreach ($words in 'Expired', 'Under 30 days', 'Under 90 days', 'OK') { $html | Should -Match ([regex]::Escape($words)) }
    }

    It 'names the cluster that could not be read, and why, once' {
        $html | Should -Match 'Could not be read'
        ([regex]::Matches($html, '<li><strong>')).Count | Should -Be 1
        $html | Should -Match ([regex]::Escape([Net.WebUtility]::HtmlEncode("$($failed[0].TargetObject)")))
    }

    It 'takes the error records from the pipeline too (2>&1)' {
        $merged = Join-Path $dir 'merged.html'
        Get-RECertificate -Session $sessions -ErrorAction Continue 2>&1 | Export-RECertificateReport -Path $merged
        $text = Get-Content -LiteralPath $merged -Raw
        ([regex]::Matches($text, '<li><strong>gone\.example\.com</strong>')).Count | Should -Be 1
        ([regex]::Matches($text, '<tr class=')).Count | Should -Be $certificates.Count
    }

    It 'never replaces a report without -Force' {
        $certificates | Export-RECertificateReport -Path $report -ErrorAction SilentlyContinue -ErrorVariable refused
        $refused[0].FullyQualifiedErrorId | Should -BeLike 'FileExists,*'
        Get-Content -LiteralPath $report -Raw | Should -Be $html
    }

    It 'renders in Chromium with the table and the timeline' {
        if (-not $hasBrowser) { Set-ItResult -Skipped -Because 'Chromium is not installed and this is not Debian, where the test installs it'; return }
        $dom | Should -Match '<table>'
        ([regex]::Matches($dom, '<tr class="(expired|d30|d90|ok)"')).Count | Should -Be $certificates.Count
        $dom | Should -Match '<svg class="timeline"'
        ([regex]::Matches($dom, '<g class="marker ')).Count | Should -BeGreaterThan 3
    }

    It 'keeps table rows short at <Width> px: subjects, names and thumbprints break between words, not inside them' -ForEach @(
        # About ten lines a row at 1280 px before; the longest row here (several DNS names) is under six now. At 390 px
        # every row is a card with one labelled line a field (eight), so its bound is of another kind.
        @{ Width = 1280; MaxLines = 6 }
        @{ Width = 390; MaxLines = 18 }
    ) {
        if (-not $hasBrowser) { Set-ItResult -Skipped -Because 'Chromium is not installed and this is not Debian, where the test installs it'; return }
        # A copy of the page with a probe that writes what the browser laid out into the DOM (the report has no script).
        $probe = Join-Path $dir "probe-$Width.html"
        $script = "<script>addEventListener('load', () => { const line = parseFloat(getComputedStyle(document.body).lineHeight); " +
            "const rows = [...document.querySelectorAll('tbody tr')].map(r => r.getBoundingClientRect().height); " +
            "document.body.dataset.rowLines = (Math.max(...rows) / line).toFixed(1); " +
            "document.body.dataset.overflow = document.documentElement.scrollWidth - innerWidth; });</script>"
        Set-Content -LiteralPath $probe -Value ($html -replace '</body>', "$script</body>") -Encoding utf8
        $laidOut = Invoke-Chromium @("--window-size=$Width,900", '--virtual-time-budget=2000', '--dump-dom', "file://$probe")
        $laidOut | Should -Match 'data-row-lines="([\d.]+)"'
        $lines = [double]([regex]::Match($laidOut, 'data-row-lines="([\d.]+)"').Groups[1].Value)
        $overflow = [int]([regex]::Match($laidOut, 'data-overflow="(-?\d+)"').Groups[1].Value)
        # About ten lines a row before: 'overflow-wrap: anywhere' let the table squeeze every column to a letter or two.
        $lines | Should -BeLessOrEqual $MaxLines -Because "the tallest row at $Width px is $lines lines"
        $overflow | Should -BeLessOrEqual 0 -Because 'the page fits the window, with no sideways scrolling'
    }

    It 'draws a page with content at <Label> width (<Width> px); the screenshot is kept in out/test-results' -ForEach @(
        @{ Label = 'laptop'; Width = 1280; Height = 900 }
        @{ Label = 'phone'; Width = 390; Height = 844 }
    ) {
        if (-not $hasBrowser) { Set-ItResult -Skipped -Because 'Chromium is not installed and this is not Debian, where the test installs it'; return }
        $png = Join-Path $artifacts "report-$Label.png"
        Remove-Item -LiteralPath $png -ErrorAction SilentlyContinue
        $null = Invoke-Chromium @("--screenshot=$png", "--window-size=$Width,$Height", "file://$report")
        $png | Should -Exist
        $colours, $mostCommonShare, $pngWidth, $pngHeight = [PngColours]::Measure($png)
        $pngWidth | Should -Be $Width
        $pngHeight | Should -Be $Height
        # A blank or failed page is one colour; the report has text, badges and coloured zones.
        $colours | Should -BeGreaterThan 100
        $mostCommonShare | Should -BeLessThan 0.95
    }
}
