using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Portal.Data;
using Portal.Import;
using Portal.Ordering;

namespace Portal.Areas.Admin.Pages.Import;

/// The ERP import for admins: the same import as `portal import`, for a file uploaded here. The upload is kept under
/// the data folder with its rejects file beside it. Very large files are better imported on the command line,
/// which shows progress while it runs; this page answers when the import is done.
[RequestSizeLimit(MaxUpload)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxUpload)]
public sealed class IndexModel(ImportRunner importer, IOptions<PortalOptions> portal, IWebHostEnvironment environment, TimeProvider time, IStringLocalizer<SharedResource> t) : PageModel
{
    private const long MaxUpload = 512L * 1024 * 1024;

    [BindProperty]
    public UploadInput Input { get; set; } = new();

    public ImportSummary? Summary { get; private set; }
    public string? RejectsName { get; private set; }
    public IReadOnlyList<string> RejectPreview { get; private set; } = [];

    public sealed class UploadInput
    {
        public ImportKind Kind { get; set; } = ImportKind.Orders;

        [Required(ErrorMessage = "Please choose a CSV file.")]
        public IFormFile? File { get; set; }

        [StringLength(1000)]
        public string? Map { get; set; }

        [StringLength(1)]
        public string? Delimiter { get; set; }

        [StringLength(20)]
        public string? Culture { get; set; }

        public OrderChannel Channel { get; set; } = OrderChannel.Phone;
    }

    private string Folder => Path.Combine(portal.Value.ResolveDataPath(environment.ContentRootPath), "imports");

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        CultureInfo culture;
        try
        {
            culture = string.IsNullOrWhiteSpace(Input.Culture) ? CultureInfo.InvariantCulture : CultureInfo.GetCultureInfo(Input.Culture.Trim());
        }
        catch (CultureNotFoundException)
        {
            ModelState.AddModelError("Input.Culture", t["Unknown culture '{0}'.", Input.Culture!]);
            return Page();
        }

        Directory.CreateDirectory(Folder);
        var safeName = string.Concat(Path.GetFileName(Input.File!.FileName).Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_'));
        var path = Path.Combine(Folder, $"{time.GetUtcNow():yyyyMMdd-HHmmss}-{Guid.NewGuid():N}"[..24] + "-" + safeName);
        await using (var target = System.IO.File.Create(path))
        {
            await Input.File.CopyToAsync(target, cancellationToken);
        }

        try
        {
            var request = new ImportRequest(
                Input.Kind,
                path,
                ImportRequest.ParseMap(Input.Kind, Input.Map),
                culture,
                string.IsNullOrEmpty(Input.Delimiter) ? culture.TextInfo.ListSeparator : Input.Delimiter,
                Input.Channel,
                ImportRequest.DefaultRejectsPath(path));
            Summary = await importer.RunAsync(request, null, cancellationToken);
        }
        catch (ImportSetupException e)
        {
            ModelState.AddModelError("", e.Message);
            return Page();
        }

        if (Summary.Rejected > 0)
        {
            RejectsName = Path.GetFileName(ImportRequest.DefaultRejectsPath(path));
            RejectPreview = System.IO.File.ReadLines(ImportRequest.DefaultRejectsPath(path)).Skip(1).Take(20).ToList();
        }

        return Page();
    }

    public IActionResult OnGetRejects(string name)
    {
        // Only a rejects file of this folder, by its bare name.
        if (string.IsNullOrEmpty(name) || name != Path.GetFileName(name) || !name.EndsWith(".rejects.csv", StringComparison.Ordinal))
        {
            return NotFound();
        }

        var path = Path.Combine(Folder, name);
        return System.IO.File.Exists(path) ? PhysicalFile(path, "text/csv", name) : NotFound();
    }
}
