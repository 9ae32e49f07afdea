"""The Dagster UI, opened in a real headless Chromium, shows the recorded nightly run.

The session's `sample_run` recorded one real `nightly_refresh` run in a persistent
DAGSTER_HOME. Here `dagster-webserver` serves that instance with this checkout's code
location, and Chromium (Debian's, through Selenium) opens the pages an operator would:
the asset lineage, each GE gate on its asset's Checks tab, and the quality report's
scores as metadata and as plots (the quality trends across nights). Every assertion is
on what the React app rendered, compared with what the instance recorded. Screenshots
land in `test-artifacts/ui/` for a person to look at.
"""

from pathlib import Path

import pytest
from dagster import AssetCheckEvaluation, AssetCheckSpec, AssetKey, DagsterEventType

from orchestration.assets.gates import XREF, gate_checks
from tests.webui import CHROMEDRIVER, CHROMIUM, dagster_webserver, headless_chromium

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
                       reason="Debian chromium/chromium-driver missing: `make browser` installs them"),
]

PROJECT_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = PROJECT_ROOT / "test-artifacts" / "ui"
LOCATION = "crm_quality"  # workspace.yaml's location name
GROUPS = ("raw", "staging", "intermediate", "entity_resolution", "marts", "reports", "publish")
REPORT = AssetKey(["reports", "data_quality"])
WAIT_S = 45  # generous: the machine is shared, the first page also waits for the code location
# One asset per GE gate (the first it checks): the suite shows up on that asset's Checks tab.
GATES = [next(iter(gate.check_specs)) for gate in gate_checks]


def _url_path(key: AssetKey) -> str:
    return "/assets/" + "/".join(key.path)


@pytest.fixture(scope="module")
def ui(sample_run, tmp_path_factory) -> str:
    """The webserver over the recorded run's instance; the CRM_* settings point at that run's files."""
    env = {"CRM_BUILD_WAREHOUSE": str(sample_run["build"]), "CRM_WAREHOUSE": str(sample_run["published"]),
           "CRM_LANDING_DIR": str(PROJECT_ROOT / "data" / "sample" / "landing"),
           "DO_NOT_TRACK": "1"}
    log = tmp_path_factory.mktemp("webserver") / "webserver.log"
    with dagster_webserver(sample_run["dagster_home"], PROJECT_ROOT, env, log) as base:
        yield base


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    with headless_chromium(tmp_path_factory.mktemp("chromium-profile")) as driver:
        yield driver


def _wait(driver, xpath: str, timeout: float = WAIT_S):
    """The first element matching `xpath` once it is displayed (the app renders asynchronously)."""
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    try:
        return WebDriverWait(driver, timeout).until(ec.visibility_of_element_located(("xpath", xpath)),
                                                    message=f"not shown within {timeout:.0f} s: {xpath}")
    except TimeoutException:
        _screenshot(driver, "FAILED_last_wait")  # what the page showed instead
        raise


def _screenshot(driver, name: str, element=None) -> Path:
    if element is not None:
        driver.execute_script("arguments[0].scrollIntoView({block: 'start'});", element)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    assert driver.save_screenshot(str(path)), f"screenshot {path} not written"
    return path


def _recorded_checks(sample_run) -> dict[tuple[AssetKey, str], AssetCheckEvaluation]:
    """(asset, check) -> evaluation, as the run recorded them in the instance the UI reads."""
    instance, run_id = sample_run["instance"], sample_run["result"].run_id
    records = instance.get_records_for_run(run_id, of_type=DagsterEventType.ASSET_CHECK_EVALUATION).records
    evaluations = [r.event_log_entry.dagster_event.event_specific_data for r in records]
    return {(e.asset_key, e.check_name): e for e in evaluations}


def test_lineage_shows_groups_and_assets_of_the_run(ui, browser, sample_run):
    browser.get(f"{ui}/asset-groups")
    for group in GROUPS:  # the global lineage draws one node per group
        _wait(browser, f"//div[@data-tooltip='{group}']")
    _screenshot(browser, "01_global_lineage")

    # customer_xref's neighbourhood: its group box, what feeds it and what it feeds, across groups
    browser.get(f"{ui}{_url_path(XREF)}?view=lineage")
    for group in ("entity_resolution", "intermediate", "marts", "reports", "publish"):
        _wait(browser, f"//div[@data-tooltip='{group}']")
    for asset in ("customer_xref", "fct_orders", "data_quality", "warehouse"):
        _wait(browser, f"//div[contains(@class, 'AssetNode_assetName')][normalize-space()='{asset}']")
    _screenshot(browser, "02_customer_xref_lineage")

    # the full node in its group's graph: latest event links to the recorded run, its gate passed
    browser.get(f"{ui}/locations/{LOCATION}/asset-groups/entity_resolution")
    checks = _wait(browser, f"//a[@href='{_url_path(XREF)}?view=checks']")
    # its GE gate passed; its freshness check (evaluated by a sensor, not the nightly job) has not run
    from orchestration.definitions import defs

    n_checks = len([k for k in defs.resolve_asset_graph().asset_check_keys if k.asset_key == XREF])
    assert checks.text.strip() == f"1 / {n_checks} Passed"
    node = checks.find_element("xpath", "./ancestor::div[contains(@class, 'AssetNode_assetNodeContainer')][1]")
    assert "customer_xref" in node.text
    run_id = sample_run["result"].run_id
    assert node.find_elements("xpath", f".//a[starts-with(@href, '/runs/{run_id}')]"), node.text
    _screenshot(browser, "03_entity_resolution_group", node)


@pytest.mark.parametrize("spec", GATES, ids=[spec.name for spec in GATES])
def test_checks_tab_shows_ge_gate_passed(ui, browser, sample_run, spec: AssetCheckSpec):
    asset, check = spec.asset_key, spec.name
    recorded = _recorded_checks(sample_run)[(asset, check)]  # what the UI must show
    assert recorded.passed
    browser.get(f"{ui}{_url_path(asset)}?view=checks&checkDetail={check}")
    status = _wait(browser, f"//div[@title='{check}']/following-sibling::span")
    assert status.text.strip().lower() == "succeeded"
    _wait(browser, f"//*[normalize-space()='{spec.description}']")  # the detail pane is this check's
    result = _wait(browser, "//*[normalize-space()='Evaluation result']/following-sibling::*[1]")
    assert result.text.strip() == "Passed"
    _wait(browser, "//*[normalize-space()='This is a blocking asset check.']")
    evaluated = _wait(browser, "//tr[td[1][normalize-space()='expectations_evaluated']]/td[last()]")
    assert int(evaluated.text) == recorded.metadata["expectations_evaluated"].value > 0
    _screenshot(browser, f"04_checks_{check}")


def test_quality_report_scores_shown_and_plotted(ui, browser, sample_run):
    event = sample_run["instance"].get_latest_materialization_event(REPORT)
    assert event is not None and event.run_id == sample_run["result"].run_id
    recorded = {k: v.value for k, v in event.asset_materialization.metadata.items()
                if isinstance(v.value, (int, float)) and not isinstance(v.value, bool)}
    assert "salesforce.overall" in recorded

    browser.get(f"{ui}{_url_path(REPORT)}")
    for key in ("salesforce.overall", "taobao.completeness", "hubspot.validity"):
        cell = _wait(browser, f"//tr[td[1][normalize-space()='{key}']]/td[last()]")
        assert float(cell.text) == pytest.approx(recorded[key], rel=1e-9), key
    _screenshot(browser, "05_quality_report_metadata",
                _wait(browser, "//tr[td[1][normalize-space()='salesforce.overall']]"))

    _wait(browser, "//button[normalize-space()='Plots']").click()
    title = _wait(browser, "//span[normalize-space()='salesforce.overall']")
    canvas = title.find_element("xpath", "./ancestor::div[1]/following-sibling::div//canvas")
    canvases = browser.find_elements("xpath", "//canvas")
    assert len(canvases) == len(recorded), "one plot per numeric metadata entry"
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", canvas)
    # the chart is drawn: grey axes and labels plus the run's coloured data point
    drawn = browser.execute_script(_COUNT_PIXELS_JS, canvas)
    assert drawn["inked"] > 500 and drawn["coloured"] > 0, drawn
    _screenshot(browser, "06_quality_report_plots")


_COUNT_PIXELS_JS = """
const c = arguments[0];
const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
let inked = 0, coloured = 0;
for (let i = 0; i < data.length; i += 4) {
  if (data[i + 3] === 0) continue;
  inked++;
  const [r, g, b] = [data[i], data[i + 1], data[i + 2]];
  if (b - Math.max(r, g) > 60) coloured++;  // the point is blue-violet; axes and text are grey
}
return {inked, coloured};
"""
