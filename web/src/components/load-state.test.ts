import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import LoadState from './load-state.vue';

describe('the loading, error and empty states', () => {
  it('shows the error in place of the content with a retry button', async () => {
    const wrapper = mount(LoadState, { props: { error: '记录不存在或您无权查看' }, slots: { default: '<p>内容</p>' } });
    expect(wrapper.text()).toContain('记录不存在或您无权查看');
    expect(wrapper.text()).not.toContain('内容');
    await wrapper.get('button').trigger('click');
    expect(wrapper.emitted('retry')).toHaveLength(1);
  });

  it('shows the empty note only when there is nothing and nothing is loading', () => {
    expect(mount(LoadState, { props: { empty: true, emptyText: '暂无待审核的申请' } }).text()).toContain(
      '暂无待审核的申请'
    );
    expect(mount(LoadState, { props: { empty: false }, slots: { default: '<p>内容</p>' } }).text()).toContain('内容');
  });
});
