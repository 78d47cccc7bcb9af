import factory
import wagtail_factories

from .models import ProjectAgency, ProjectFocusArea, ProjectIndexPage, ProjectPage


class ProjectIndexPageFactory(wagtail_factories.PageFactory):
    title = "Projekte"
    slug = "projekte"

    class Meta:
        model = ProjectIndexPage


class ProjectPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Projekt {n}")
    status = ProjectPage.Status.RUNNING

    class Meta:
        model = ProjectPage
        skip_postgeneration_save = True

    @factory.post_generation
    def agencies(obj, create, extracted, **kwargs):
        for agency in extracted or []:
            ProjectAgency.objects.create(page=obj, agency=agency)

    @factory.post_generation
    def focus_areas(obj, create, extracted, **kwargs):
        for focus_area in extracted or []:
            ProjectFocusArea.objects.create(page=obj, focus_area=focus_area)
