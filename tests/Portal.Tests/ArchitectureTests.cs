using System.Text.RegularExpressions;
using Portal.Tests.Infrastructure;

namespace Portal.Tests;

/// The rule of docs/architecture.md, checked: page models bind, authorise and render; business rules and writes
/// live in the capability's services. A page model may read through PortalDbContext, never write through it.
public sealed partial class ArchitectureTests
{
    [Fact]
    public void No_page_model_writes_through_the_database_context()
    {
        var pageModels = Directory.EnumerateFiles(Path.Combine(Repository.Root, "src", "Portal"), "*.cshtml.cs", SearchOption.AllDirectories).ToList();
        Assert.True(pageModels.Count > 40, $"Only {pageModels.Count} page models found; is the layout different?");

        var writers = pageModels
            .SelectMany(file => File.ReadLines(file).Select((line, index) => (file, line, number: index + 1)))
            .Where(l => Write().IsMatch(l.line))
            .Select(l => $"{Path.GetRelativePath(Repository.Root, l.file)}:{l.number}: {l.line.Trim()}")
            .ToList();
        Assert.True(writers.Count == 0, "Page models writing through PortalDbContext (move the change into a service):\n" + string.Join("\n", writers));
    }

    [Fact]
    public void The_write_check_recognises_each_way_of_writing()
    {
        Assert.Matches(Write(), "        await db.SaveChangesAsync(cancellationToken);");
        Assert.Matches(Write(), "        db.Touches.Add(new Touch { });");
        Assert.Matches(Write(), "        db.CatalogItems.RemoveRange(items);");
        Assert.Matches(Write(), "        await db.Users.Where(u => u.Id == id).ExecuteUpdateAsync(u => u.SetProperty(x => x.Name, name));");
        Assert.Matches(Write(), "        await db.Carts.Where(c => c.UserId == id).ExecuteDeleteAsync();");
        Assert.DoesNotMatch(Write(), "        Lists = await db.PriceLists.AsNoTracking().ToListAsync(cancellationToken);");
        Assert.DoesNotMatch(Write(), "        ModelState.Remove(\"Input.PricesShown\");");
    }

    [GeneratedRegex(@"\bdb\.(SaveChanges|\w+\.(Add|AddRange|Remove|RemoveRange|Update)\()|\.Execute(Update|Delete)(Async)?\(")]
    private static partial Regex Write();
}
