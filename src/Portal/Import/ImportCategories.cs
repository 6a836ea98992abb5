using Microsoft.EntityFrameworkCore;
using Portal.Catalogs;
using Portal.Data;

namespace Portal.Import;

/// The categories an import names, by their name in either language or by slug, read once per import.
internal sealed class ImportCategories(PortalDbContext db)
{
    /// Where products that Portal learns of from the ERP go until a product manager places them.
    public const string Imported = "Imported";

    private Dictionary<string, int>? byName;
    private Dictionary<string, int>? bySlug;

    public async Task<int?> FindAsync(string name, CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        return byName!.TryGetValue(name, out var id) || bySlug!.TryGetValue(Slug(name), out id) ? id : null;
    }

    /// Saves a new category at once (other imports of the batch may already be tracked and are saved with it).
    public async Task<int> FindOrCreateAsync(string name, CancellationToken cancellationToken)
    {
        if (await FindAsync(name, cancellationToken) is { } id)
        {
            return id;
        }

        var category = new Category { Name = name, Slug = Slug(name), SortOrder = 1000 };
        db.Categories.Add(category);
        await db.SaveChangesAsync(cancellationToken);
        byName![name] = category.Id;
        bySlug![category.Slug] = category.Id;
        return category.Id;
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        if (byName is not null)
        {
            return;
        }

        var categories = await db.Categories.AsNoTracking().OrderBy(c => c.Id).Select(c => new { c.Id, c.Name, c.NameDe, c.Slug }).ToListAsync(cancellationToken);
        byName = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        bySlug = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var category in categories)
        {
            byName.TryAdd(category.Name, category.Id);
            if (category.NameDe is { Length: > 0 } german)
            {
                byName.TryAdd(german, category.Id);
            }

            bySlug.TryAdd(category.Slug, category.Id);
        }
    }

    private static string Slug(string name)
    {
        var folded = SearchText.Fold(name);
        var chars = folded.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray();
        var slug = string.Join('-', new string(chars).Split('-', StringSplitOptions.RemoveEmptyEntries));
        return slug.Length == 0 ? "category" : slug.Length > 100 ? slug[..100] : slug;
    }
}
