using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Identity;
using Portal.Ordering;
using Service = Portal.Reordering.QuickOrder;

namespace Portal.Areas.Shop.Pages.QuickOrder;

/// Quick order: SKU and quantity rows, a block pasted from a spreadsheet, or a CSV file, all in one form so that
/// nothing typed is lost when a file is added. Valid rows go to the cart; invalid ones come back as rows with their
/// message. The limits let a 5,000-line file (and its rows posted back for fixing) through and stop far beyond.
[RequestSizeLimit(16 * 1024 * 1024)]
[RequestFormLimits(ValueCountLimit = 2 * Service.MaxLines + 100, MultipartBodyLengthLimit = 16 * 1024 * 1024)]
public sealed class IndexModel(Service quick) : PageModel
{
    public const int EmptyRows = 10;

    [BindProperty]
    public List<RowInput> Rows { get; set; } = [];

    [BindProperty]
    public string? Paste { get; set; }

    [BindProperty]
    public IFormFile? Upload { get; set; }

    public IReadOnlyList<Service.Row> Display { get; private set; } = [];
    public Service.Outcome? Result { get; private set; }
    public string? FormError { get; private set; }
    public string? TypedPaste { get; private set; }

    public sealed class RowInput
    {
        public string? Sku { get; set; }
        public string? Quantity { get; set; }
    }

    private string UserId => User.FindFirst(ClaimTypes.NameIdentifier)!.Value;
    private int CustomerId => User.CustomerId()!.Value;

    public void OnGet() => Display = Pad([]);

    public async Task<IActionResult> OnPostAddAsync(CancellationToken cancellationToken)
    {
        var rows = Rows.Select(r => new Service.Row(r.Sku ?? "", r.Quantity ?? "")).ToList();
        var pasted = await Service.ParseAsync(new StringReader(Paste ?? ""), cancellationToken);
        if (pasted is null)
        {
            return Refuse(rows, "At most 10,000 lines at once. Please split the list.");
        }

        rows.AddRange(pasted);
        var channel = OrderChannel.QuickOrder;
        if (Upload is { Length: > 0 } file)
        {
            if (file.Length > Service.MaxUploadBytes)
            {
                return Refuse(rows, "The file is too large: at most 2 MB.");
            }

            using var reader = new StreamReader(file.OpenReadStream(), detectEncodingFromByteOrderMarks: true);
            var uploaded = await Service.ParseAsync(reader, cancellationToken);
            if (uploaded is null)
            {
                return Refuse(rows, "At most 10,000 lines per file. Please split the file.");
            }

            rows.AddRange(uploaded);
            // The file carried the order: the typed rows beside it are corrections of the same upload.
            channel = OrderChannel.CsvUpload;
        }

        if (rows.Count > Service.MaxLines)
        {
            return Refuse(rows.Take(Service.MaxLines).ToList(), "At most 10,000 lines at once. Please split the list.");
        }

        Result = await quick.AddToCartAsync(UserId, CustomerId, rows, channel, cancellationToken);
        if (Result.Added == 0 && Result.Invalid.Count == 0)
        {
            FormError = "Please enter at least one article number and quantity.";
        }

        Display = Pad(Result.Invalid);
        ModelState.Clear();
        return Page();
    }

    private PageResult Refuse(List<Service.Row> rows, string error)
    {
        FormError = error;
        TypedPaste = Paste;
        Display = Pad(rows.Where(r => !string.IsNullOrWhiteSpace(r.Sku) || !string.IsNullOrWhiteSpace(r.Quantity)).ToList());
        ModelState.Clear();
        return Page();
    }

    private static List<Service.Row> Pad(IReadOnlyList<Service.Row> rows) =>
        [.. rows, .. Enumerable.Range(0, Math.Max(3, EmptyRows - rows.Count)).Select(_ => new Service.Row("", ""))];
}
