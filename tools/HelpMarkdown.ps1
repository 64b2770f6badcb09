# Reads the platyPS-format help markdown under docs/<culture>/ into plain objects.
# One reader serves both the MAML converter (tools/ConvertTo-Maml.ps1) and the drift tests
# (tests/TestHelpers/HelpDrift.ps1), so what the tests check is exactly what ships.
#
# The format is platyPS's schema 2.0.0: front matter, then ## SYNOPSIS, ## SYNTAX (one ### per parameter set,
# or none when there is one set), ## DESCRIPTION, ## EXAMPLES (### titles, code fences, then remarks),
# ## PARAMETERS (### -Name, its description, one ```yaml block per group of parameter sets), ### CommonParameters,
# ## INPUTS, ## OUTPUTS (### type, then its description), ## NOTES, ## RELATED LINKS.

Set-StrictMode -Version 3

function ConvertTo-HelpText {
    <# Markdown inline syntax a console does not render: [text](link) becomes text, **bold** becomes bold. #>
    param([string] $Text)
    $Text -replace '\[([^\]]+)\]\([^)]*\)', '$1' -replace '\*\*([^*]+)\*\*', '$1'
}

function Split-HelpMarkdownSection {
    <# Splits lines into sections at headings of one level (a '#' inside a code fence is not a heading). #>
    param([string[]] $Lines, [int] $Level)
    $marker = ('#' * $Level) + ' '
    $sections = [System.Collections.Generic.List[object]]::new()
    $current = [pscustomobject]@{ Title = ''; Lines = [System.Collections.Generic.List[string]]::new() }
    $inFence = $false
    foreach ($line in $Lines) {
        if ($line -match '^\s*```') { $inFence = -not $inFence }
        if (-not $inFence -and $line.StartsWith($marker)) {
            $sections.Add($current)
            $current = [pscustomobject]@{ Title = $line.Substring($marker.Length).Trim(); Lines = [System.Collections.Generic.List[string]]::new() }
            continue
        }
        $current.Lines.Add($line)
    }
    $sections.Add($current)
    # The part before the first heading has no title; callers that do not need it skip it.
    $sections.ToArray()
}

function Get-HelpMarkdownBlock {
    <#
    Splits markdown lines into blocks: paragraphs (soft-wrapped lines joined), list items and code fences.
    Each block is @{ Kind = 'Text'|'Item'|'Code'; Text; Language }.
    #>
    param([string[]] $Lines)
    $blocks = [System.Collections.Generic.List[object]]::new()
    $paragraph = [System.Collections.Generic.List[string]]::new()
    $code = $null
    $language = ''
    $kind = 'Text'

    $flush = {
        if ($paragraph.Count -gt 0) {
            $blocks.Add([pscustomobject]@{ Kind = $kind; Text = ($paragraph -join ' '); Language = '' })
            $paragraph.Clear()
        }
    }

    foreach ($line in $Lines) {
        if ($null -ne $code) {
            if ($line -match '^\s*```\s*$') {
                $blocks.Add([pscustomobject]@{ Kind = 'Code'; Text = ($code -join "`n"); Language = $language })
                $code = $null
            }
            else { $code.Add($line) }
            continue
        }
        if ($line -match '^\s*```\s*(\S*)\s*$') {
            & $flush
            $language = $Matches[1]
            $code = [System.Collections.Generic.List[string]]::new()
            continue
        }
        if ($line.Trim() -eq '') { & $flush; $kind = 'Text'; continue }
        if ($line -match '^\s*(?:[-*]|\d+\.)\s+(.*)$') {
            # A new list item starts a new block; its continuation lines are joined to it.
            & $flush
            $kind = 'Item'
            $paragraph.Add($Matches[1].Trim())
            continue
        }
        $paragraph.Add($line.Trim())
    }
    & $flush
    if ($null -ne $code) { throw "A code fence is not closed." }
    $blocks.ToArray()
}

function ConvertFrom-HelpYaml {
    <# The ```yaml block platyPS writes for a parameter: 'Key: value' lines, nothing nested. #>
    param([string] $Text)
    $values = [ordered]@{}
    foreach ($line in $Text -split "`n") {
        if ($line -match '^\s*([A-Za-z][A-Za-z ]*):\s*(.*?)\s*$') { $values[$Matches[1]] = $Matches[2] }
    }
    $sets = if ($values['Parameter Sets']) { @($values['Parameter Sets'] -split '\s*,\s*' | Where-Object { $_ }) } else { @() }
    $aliases = if ($values['Aliases']) { @($values['Aliases'] -split '\s*,\s*' | Where-Object { $_ }) } else { @() }
    [pscustomobject]@{
        Type                = [string]$values['Type']
        ParameterSets       = $sets
        Aliases             = $aliases
        Required            = [string]$values['Required']
        Position            = [string]$values['Position']
        DefaultValue        = [string]$values['Default value']
        PipelineInput       = [string]$values['Accept pipeline input']
        WildcardCharacters  = [string]$values['Accept wildcard characters']
        Keys                = @($values.Keys)
    }
}

function Read-HelpMarkdownTypes {
    <# INPUTS and OUTPUTS: one ### per type, its description below; 'None' is written as a type too. #>
    param([string[]] $Lines)
    foreach ($section in Split-HelpMarkdownSection $Lines 3 | Select-Object -Skip 1) {
        [pscustomobject]@{ Type = $section.Title; Description = @(Get-HelpMarkdownBlock $section.Lines) }
    }
}

function Read-HelpMarkdown {
    <#
    .SYNOPSIS
    Reads one cmdlet help page (platyPS markdown) into an object.
    .OUTPUTS
    Name, Path, FrontMatter, Synopsis, Syntax (SetName, IsDefault, Text), Description (blocks), Examples (Title,
    Code, Script, Output, Remarks), Parameters (Name, Description, Blocks: Type, ParameterSets, Aliases, Required, Position,
    DefaultValue, PipelineInput, WildcardCharacters), CommonParameters (bool), Inputs, Outputs, Notes, RelatedLinks.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [string] $Path)

    $text = (Get-Content -LiteralPath $Path -Raw -Encoding utf8) -replace "`r`n", "`n"
    $lines = $text -split "`n"

    $frontMatter = [ordered]@{}
    if ($lines.Count -gt 0 -and $lines[0] -eq '---') {
        $end = [Array]::IndexOf($lines, '---', 1)
        if ($end -lt 0) { throw "'$Path': the front matter is not closed with '---'." }
        foreach ($line in $lines[1..($end - 1)]) {
            if ($line -match '^([^:]+):\s*(.*)$') { $frontMatter[$Matches[1].Trim()] = $Matches[2].Trim() }
        }
        $lines = $lines[($end + 1)..($lines.Count - 1)]
    }

    $top = Split-HelpMarkdownSection $lines 1
    $title = @($top | Where-Object Title | Select-Object -First 1)
    if (-not $title) { throw "'$Path' has no '# <Cmdlet-Name>' title." }
    $name = $title[0].Title

    $sections = @{}
    foreach ($section in Split-HelpMarkdownSection $title[0].Lines 2 | Select-Object -Skip 1) {
        $sections[$section.Title.ToUpperInvariant()] = $section.Lines.ToArray()
    }
    $get = { param($key) if ($sections.ContainsKey($key)) { $sections[$key] } else { @() } }

    $syntax = foreach ($block in @(Split-HelpMarkdownSection (& $get 'SYNTAX') 3)) {
        $code = @(Get-HelpMarkdownBlock $block.Lines | Where-Object Kind -eq 'Code')
        if (-not $code) { continue }
        $setName = $block.Title -replace '\s*\(Default\)\s*$', ''
        [pscustomobject]@{
            SetName   = if ($setName) { $setName } else { '__AllParameterSets' }
            IsDefault = $block.Title -match '\(Default\)\s*$'
            Text      = ($code[0].Text -split "`n" | ForEach-Object Trim) -join ' '
        }
    }

    $examples = foreach ($block in @(Split-HelpMarkdownSection (& $get 'EXAMPLES') 3 | Select-Object -Skip 1)) {
        $parts = @(Get-HelpMarkdownBlock $block.Lines)
        $code = @($parts | Where-Object Kind -eq 'Code')
        [pscustomobject]@{
            Title      = $block.Title
            # Every fence, the commands and any ```Output after them, as Get-Help shows an example.
            Code       = @($code | ForEach-Object Text) -join "`n`n"
            # Only the fences that hold PowerShell (not ```Output): what the drift tests parse.
            Script     = @($code | Where-Object { $_.Language -in '', 'powershell', 'pwsh', 'ps1' } | ForEach-Object Text) -join "`n"
            # The ```Output fences: what the example says it prints (tests/HelpExamples.Tests.ps1 compares them).
            Output     = @($code | Where-Object { $_.Language -in 'Output', 'output', 'text' } | ForEach-Object Text)
            Remarks    = @($parts | Where-Object Kind -ne 'Code')
        }
    }

    $commonParameters = $false
    $parameters = foreach ($block in @(Split-HelpMarkdownSection (& $get 'PARAMETERS') 3 | Select-Object -Skip 1)) {
        if ($block.Title -eq 'CommonParameters') { $commonParameters = $true; continue }
        $parts = @(Get-HelpMarkdownBlock $block.Lines)
        [pscustomobject]@{
            Name        = $block.Title.TrimStart('-')
            Description = @($parts | Where-Object { $_.Kind -ne 'Code' -or $_.Language -ne 'yaml' })
            Blocks      = @($parts | Where-Object { $_.Kind -eq 'Code' -and $_.Language -eq 'yaml' } | ForEach-Object { ConvertFrom-HelpYaml $_.Text })
        }
    }

    $links = foreach ($line in (& $get 'RELATED LINKS')) {
        if ($line -match '^\s*\[([^\]]+)\]\(([^)]*)\)') { [pscustomobject]@{ Text = $Matches[1]; Uri = $Matches[2] } }
    }

    [pscustomobject]@{
        PSTypeName       = 'RECertificates.Help.CommandPage'
        Name             = $name
        Path             = $Path
        FrontMatter      = $frontMatter
        Synopsis         = (@(Get-HelpMarkdownBlock (& $get 'SYNOPSIS')) | ForEach-Object Text) -join ' '
        Syntax           = @($syntax)
        Description      = @(Get-HelpMarkdownBlock (& $get 'DESCRIPTION'))
        Examples         = @($examples)
        Parameters       = @($parameters)
        CommonParameters = $commonParameters
        Inputs           = @(Read-HelpMarkdownTypes (& $get 'INPUTS'))
        Outputs          = @(Read-HelpMarkdownTypes (& $get 'OUTPUTS'))
        Notes            = @(Get-HelpMarkdownBlock (& $get 'NOTES'))
        RelatedLinks     = @($links)
    }
}

function Read-AboutMarkdown {
    <#
    .SYNOPSIS
    Reads an about_ topic: '# about_Name', then '## Short description', '## Long description' and any other
    '##' sections, with '###' subsections; the blocks keep their kind so the text renderer can indent them.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [string] $Path)
    $text = (Get-Content -LiteralPath $Path -Raw -Encoding utf8) -replace "`r`n", "`n"
    $lines = $text -split "`n"
    if ($lines[0] -eq '---') {
        $end = [Array]::IndexOf($lines, '---', 1)
        $lines = $lines[($end + 1)..($lines.Count - 1)]
    }
    $top = @(Split-HelpMarkdownSection $lines 1 | Where-Object Title | Select-Object -First 1)
    if (-not $top) { throw "'$Path' has no '# about_<Topic>' title." }
    $sections = foreach ($section in Split-HelpMarkdownSection $top[0].Lines 2 | Select-Object -Skip 1) {
        $subsections = @(Split-HelpMarkdownSection $section.Lines.ToArray() 3)
        [pscustomobject]@{
            Title       = $section.Title
            Blocks      = @(Get-HelpMarkdownBlock $subsections[0].Lines.ToArray())
            Subsections = @($subsections | Select-Object -Skip 1 | ForEach-Object {
                    [pscustomobject]@{ Title = $_.Title; Blocks = @(Get-HelpMarkdownBlock $_.Lines.ToArray()) }
                })
        }
    }
    [pscustomobject]@{ Name = $top[0].Title; Path = $Path; Sections = @($sections) }
}
